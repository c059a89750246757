/**
 * Reads a command line against a table of options, with one plain sentence
 * for each mistake. node:util's `parseArgs` in strict mode throws texts made
 * for programmers (`Unknown option '--bogus'. To specify a positional argument
 * starting with a '-', place it at the end of the command after '--', as in
 * '-- "--bogus"`, or "argument is ambiguous" for `--ttl -5`), so it runs
 * loose here, with its tokens, and the checks are ours.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** What strict `parseArgs` would have returned for this table. */
type Values<T extends OptionTable> = ReturnType<typeof parseArgs<{ options: T; allowPositionals: true }>>['values'];

export type ReadArgs<T extends OptionTable> =
  | { ok: true; values: Values<T>; positionals: string[] }
  | { ok: false; message: string };

export function readArgs<T extends OptionTable>(args: string[], options: T): ReadArgs<T> {
  const { values, positionals, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (!option) return { ok: false, message: `unknown option ${token.rawName}` };
    // `--port --host x` would read '--host' as the port; `--ttl -5` keeps its
    // number, so that the check of the value can say what is wrong with it.
    const swallowedAnOption = !token.inlineValue && token.value?.startsWith('--');
    if (option.type === 'string' && (token.value === undefined || swallowedAnOption)) {
      return { ok: false, message: `${token.rawName} needs a value` };
    }
    if (option.type === 'boolean' && token.value !== undefined) return { ok: false, message: `${token.rawName} takes no value` };
  }
  // Every option was checked against its table entry just above.
  return { ok: true, values: values as Values<T>, positionals };
}

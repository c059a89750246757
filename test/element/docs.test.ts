// README.md (the element section) against the code: every table lists exactly what
// custom-elements.json (generated from the source by the analyzer), DEFAULT_STRINGS
// and the styles say, and the manifest's claims are checked against the source too.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_STRINGS } from '../../src/element/strings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const doc = readFileSync(join(root, 'README.md'), 'utf8');
const source = readdirSync(join(root, 'src/element'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(root, 'src/element', f), 'utf8'))
  .join('\n');
const styles = readFileSync(join(root, 'src/element/styles.ts'), 'utf8');
const eventsSource = readFileSync(join(root, 'src/element/events.ts'), 'utf8');

/** The detail type of each event, as `SignalChatEventDetails` in events.ts names it. */
function detailTypes(): Map<string, string> {
  const body = /export interface SignalChatEventDetails \{([\s\S]*?)\n\}/.exec(eventsSource)?.[1];
  assert.ok(body, 'events.ts declares SignalChatEventDetails');
  return new Map([...body.matchAll(/^\s+'([a-z-]+)': (\w+);/gm)].map((m) => [m[1]!, m[2]!]));
}

/** The field names of a detail type declared in events.ts (an interface, or `Record<string, never>`). */
function fieldsOf(type: string): string[] {
  if (new RegExp(`export type ${type} = Record<string, never>;`).test(eventsSource)) return [];
  const body = new RegExp(`export interface ${type} \\{([\\s\\S]*?)\\n\\}`).exec(eventsSource)?.[1];
  assert.ok(body, `events.ts declares ${type}`);
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]!);
}

interface Declaration {
  tagName?: string;
  attributes?: Array<{ name: string; fieldName?: string; default?: string; type?: { text: string } }>;
  members?: Array<{ kind: string; name: string; readonly?: boolean; static?: boolean; privacy?: string; type?: { text: string } }>;
  events?: Array<{ name: string; type?: { text: string } }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string }>;
}

/** The rows of the first table under the heading `### title`, cells unquoted. */
function table(title: string): string[][] {
  const start = doc.indexOf(`\n### ${title}\n`);
  assert.ok(start >= 0, `no section '### ${title}'`);
  const rest = doc.slice(start + title.length + 6);
  const end = rest.search(/\n#{2,3} /);
  const lines = (end < 0 ? rest : rest.slice(0, end)).split('\n').filter((l) => l.startsWith('|'));
  return lines.slice(2).map((line) =>
    line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, '|')),
  );
}

/** `` `x` `` → x */
const code = (cell: string): string => cell.replace(/^`(.*)`$/, '$1');
const unquote = (text: string | undefined): string => (text ?? '').replace(/^(['"])(.*)\1$/, '$2');
const sorted = (list: string[]): string[] => [...list].sort();

let element: Declaration;

before(async () => {
  // In-process, without writing: the same analysis `npm run build` writes to dist/.
  const { cli } = (await import('@custom-elements-manifest/analyzer/cli.js' as string)) as {
    cli(options: { argv: string[]; cwd: string; noWrite: boolean }): Promise<{ modules: Array<{ declarations?: Declaration[] }> }>;
  };
  const log = console.log;
  console.log = () => undefined; // the analyzer announces itself
  try {
    const manifest = await cli({ argv: ['analyze'], cwd: root, noWrite: true });
    const found = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'signal-chat');
    assert.ok(found, 'custom-elements.json declares <signal-chat>');
    element = found;
  } finally {
    console.log = log;
  }
});

describe('the names the browser bundles shorten (scripts/internal-props.mjs)', () => {
  it('are none of the public API, and no code bundled beside the element uses them', async () => {
    const { INTERNAL_PROPS } = (await import('../../scripts/internal-props.mjs' as string)) as { INTERNAL_PROPS: string[] };
    const fieldsIn = (file: string): string[] =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/^ {2}(?:readonly )?(\w+)\??[:(]/gm)].map((m) => m[1]!);
    const publicNames = new Set([
      ...Object.keys(DEFAULT_STRINGS),
      ...(element.attributes ?? []).map((a) => a.fieldName ?? a.name),
      ...(element.members ?? []).map((m) => m.name),
      ...[...detailTypes().values()].flatMap(fieldsOf),
      ...fieldsIn('src/element/participant.ts'),
      ...fieldsIn('src/element/session-like.ts'),
    ]);
    for (const name of INTERNAL_PROPS) assert.ok(!publicNames.has(name), `'${name}' is public API`);
    const beside = [
      ...['src/client', 'src/protocol'].flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f))),
      // The hub class crosses bundles: built into the worker script, run by a leader tab's element.
      'src/element/shared/tab-hub.ts',
      'node_modules/lit-html/lit-html.js',
      'node_modules/lit-html/directives/repeat.js',
      'node_modules/lit-html/directive-helpers.js',
      'node_modules/lit-html/directive.js',
      'node_modules/@lit/reactive-element/reactive-element.js',
      'node_modules/@lit/reactive-element/css-tag.js',
      'node_modules/lit-element/lit-element.js',
    ];
    for (const file of beside) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const name of INTERNAL_PROPS) assert.doesNotMatch(text, new RegExp(`[.'"]${name}\\b|\\b${name}:`), `${file} uses '${name}'`);
    }
  });

  it("are never a field of another party's objects: the chat bodies other apps send, a system notification's options", async () => {
    const { INTERNAL_PROPS } = (await import('../../scripts/internal-props.mjs' as string)) as { INTERNAL_PROPS: string[] };
    // The whole of message-body.ts reads OpenVidu's `{message, nickname}` and OpenTok's
    // `{text, sender: {alias}}`; notify-controller.ts builds `new Notification(title, {body, tag})`.
    const notify = readFileSync(join(root, 'src/element/notify-controller.ts'), 'utf8').match(/new Notification\([^;]*/)?.[0];
    assert.ok(notify, 'notify-controller.ts raises a Notification');
    for (const [file, text] of [['message-body.ts', readFileSync(join(root, 'src/element/message-body.ts'), 'utf8')], ['new Notification(…)', notify!]] as const) {
      // As a member (`.name`, `['name']`) or a key (`name:`).
      for (const name of INTERNAL_PROPS) assert.doesNotMatch(text, new RegExp(`\\.${name}\\b|\\['${name}'\\]|\\b${name}:`), `${file} uses '${name}'`);
    }
  });
});

describe('README.md (the element section)', () => {
  it('lists exactly the attributes, with their properties, types and defaults', () => {
    const rows = table('Attributes');
    const attrs = element.attributes ?? [];
    assert.deepEqual(sorted(rows.map((r) => code(r[0]!))), sorted(attrs.map((a) => a.name)));
    for (const a of attrs) {
      const row = rows.find((r) => code(r[0]!) === a.name)!;
      assert.equal(code(row[1]!), a.fieldName, `${a.name}: property`);
      assert.equal(code(row[2]!), a.type?.text, `${a.name}: type`);
      assert.equal(unquote(code(row[3]!)), unquote(a.default), `${a.name}: default`);
    }
  });

  it('lists exactly the properties without an attribute, and which are read-only', () => {
    const rows = table('Properties');
    const withAttribute = new Set((element.attributes ?? []).map((a) => a.fieldName));
    const fields = (element.members ?? []).filter((m) => m.kind === 'field' && !m.static && !withAttribute.has(m.name));
    assert.deepEqual(sorted(rows.map((r) => code(r[0]!))), sorted(fields.map((f) => f.name)));
    for (const f of fields) {
      const row = rows.find((r) => code(r[0]!) === f.name)!;
      assert.equal(code(row[1]!), f.type?.text, `${f.name}: type`);
      assert.equal(row[2], f.readonly ? 'yes' : 'no', `${f.name}: read-only`);
    }
  });

  it('lists exactly the public methods', () => {
    const methods = (element.members ?? []).filter((m) => m.kind === 'method' && !m.static).map((m) => m.name);
    assert.deepEqual(sorted(table('Methods').map((r) => code(r[0]!).replace(/\(.*$/, ''))), sorted(methods));
  });

  it('lists exactly the events the JSDoc declares, and the element fires each of them', () => {
    const events = (element.events ?? []).map((e) => e.name);
    assert.deepEqual(sorted(table('Events').map((r) => code(r[0]!))), sorted(events));
    // fire(this, …) in the element, fire(host, …) or fire(this.#ctx.host, …) in its controllers.
    for (const name of events) assert.match(source, new RegExp(`fire\\((?:this|[\\w.#]*host), '${name}'`), `${name} is fired somewhere`);
    const fired = [...source.matchAll(/fire\((?:this|[\w.#]*host), '([a-z-]+)'/g)].map((m) => m[1]!);
    for (const name of fired) assert.ok(events.includes(name), `${name} is fired but not declared with @fires`);
  });

  it('gives each event the detail its type in events.ts declares, in the README and in custom-elements.json', () => {
    const types = detailTypes();
    const rows = table('Events');
    assert.deepEqual(sorted([...types.keys()]), sorted((element.events ?? []).map((e) => e.name)), 'SignalChatEventDetails lists the declared events');
    for (const event of element.events ?? []) {
      const type = types.get(event.name)!;
      assert.equal(event.type?.text, `CustomEvent<${type}>`, `${event.name}: @fires names its detail type`);
      const cell = rows.find((r) => code(r[0]!) === event.name)![1]!;
      const documented = [...code(cell).matchAll(/\w+/g)].map((m) => m[0]);
      assert.deepEqual(documented, fieldsOf(type), `${event.name}: the README's detail lists the fields of ${type}`);
    }
  });

  it('lists exactly the CSS parts, and each is on a node in the templates', () => {
    const parts = (element.cssParts ?? []).map((p) => p.name);
    assert.deepEqual(sorted(table('CSS parts').map((r) => code(r[0]!))), sorted(parts));
    const used = new Set([...source.matchAll(/part=(?:"([^"$]+)"|\$\{[^}]*\})/g)].flatMap((m) => (m[1] ?? m[0].match(/'([^']+)'/g)?.join(' ').replace(/'/g, '') ?? '').split(/\s+/)));
    for (const p of parts) assert.ok(used.has(p), `part '${p}' is used in a template`);
    for (const p of used) if (p) assert.ok(parts.includes(p), `part '${p}' is used but not declared with @csspart`);
  });

  it('lists exactly the CSS custom properties, with the defaults the styles use', () => {
    const rows = table('CSS custom properties');
    const props = (element.cssProperties ?? []).map((p) => p.name);
    assert.deepEqual(sorted(rows.map((r) => code(r[0]!))), sorted(props));
    const usedInStyles = new Set([...styles.matchAll(/var\((--signal-chat-[a-z-]+)/g)].map((m) => m[1]!));
    assert.deepEqual(sorted([...usedInStyles]), sorted(props), 'the styles read exactly the documented properties');
    for (const [name, light, dark] of rows.map((r) => r.map(code))) {
      // A default is a colour, or `light-dark(<light>, <dark>)`.
      const defaults = [...styles.matchAll(new RegExp(`var\\(${name}, ([^;]+?)\\)[;\\s]`, 'g'))].flatMap((m) => {
        const pair = /^light-dark\((.+), (.+)\)$/.exec(m[1]!.trim());
        return pair ? [pair[1]!, pair[2]!] : [m[1]!.trim()];
      });
      assert.ok(defaults.includes(light!), `${name}: light default ${light} in ${JSON.stringify(defaults)}`);
      assert.ok(defaults.includes(dark!), `${name}: dark default ${dark} in ${JSON.stringify(defaults)}`);
    }
  });

  it('lists exactly the UI strings with their defaults, and every one is used', () => {
    const rows = table('UI strings');
    assert.deepEqual(
      Object.fromEntries(rows.map((r) => [code(r[0]!), r[1]])),
      DEFAULT_STRINGS,
    );
    for (const key of Object.keys(DEFAULT_STRINGS)) {
      assert.match(source.replace(/export const DEFAULT_STRINGS[\s\S]*?\} satisfies/, ''), new RegExp(`\\b(s|strings|_strings)\\.${key}\\b`), `string '${key}' is used`);
    }
  });
});

// Sizes of every built browser artifact, raw, gzip and brotli, with its
// budget from budgets.json when it has one.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export async function clientSizes(root) {
  const budgets = JSON.parse(readFileSync(join(root, 'budgets.json'), 'utf8'));
  const dist = join(root, 'dist');
  if (!existsSync(dist)) return [];
  const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
  return files.map((file) => {
    const content = readFileSync(join(dist, file));
    return {
      file: `dist/${file}`,
      raw: content.length,
      gzip: gzipSync(content, { level: 9 }).length,
      brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      budget: budgets[`dist/${file}`],
    };
  });
}

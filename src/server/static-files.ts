/**
 * Serves the demo at `/` and the built element at `/signal-chat.js`. Only
 * files directly inside the configured folders, never a path with `..`.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { basename, extname, join } from 'node:path';
import { sendError } from './http-util.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface StaticRoots {
  /** Folder served at `/` (index.html for `/`). */
  demoDir: string;
  /** Folder holding the built bundles, served by file name (e.g. `/signal-chat.js`). */
  distDir: string;
}

/** Paths answered with another file: browsers ask for `/favicon.ico` on their own. */
const ALIASES: Record<string, string> = { '/': 'index.html', '/favicon.ico': 'favicon.svg' };

export async function serveStatic(res: ServerResponse, path: string, roots: StaticRoots): Promise<boolean> {
  const name = ALIASES[path] ?? path.slice(1);
  // One path segment only: no folders, no traversal.
  if (!name || name !== basename(name) || name.startsWith('.')) return false;
  const type = TYPES[extname(name)];
  if (!type) return false;
  for (const dir of [roots.demoDir, roots.distDir]) {
    const content = await readFile(join(dir, name)).catch(() => undefined);
    if (content) {
      res.writeHead(200, { 'content-type': type, 'content-length': content.length, 'cache-control': 'no-cache' });
      res.end(content);
      return true;
    }
  }
  if (name === 'signal-chat.js') {
    sendError(res, 404, 'not_found', 'the element bundle is not built: run npm run build');
    return true;
  }
  return false;
}

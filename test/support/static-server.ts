/**
 * A static HTTP server on 127.0.0.1, port 0, for pages a node test opens in Chromium
 * (a loopback origin, so Chromium's Local Network Access checks let the page reach a
 * relay on 127.0.0.1). Serves in-memory `routes` first, then files under `dir`.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** `headers`: sent with every answer (e.g. a Content-Security-Policy). */
export async function serveStatic(options: { dir?: string; routes?: Record<string, string>; headers?: Record<string, string> }): Promise<StaticServer> {
  const routes = options.routes ?? {};
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const type = TYPES[extname(path)] ?? TYPES['.html']!;
    const body = routes[path];
    if (body !== undefined) {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...options.headers }).end(body);
      return;
    }
    const dir = options.dir;
    const file = dir ? normalize(join(dir, path)) : undefined;
    if (!dir || !file || !(file + sep).startsWith(normalize(dir + sep))) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (content) => res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...options.headers }).end(content),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

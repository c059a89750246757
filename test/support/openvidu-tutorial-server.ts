/**
 * An OpenVidu app server shaped like OpenVidu 2's basic Node tutorial
 * (openvidu-basic-node): it knows OpenVidu only through openvidu-node-client,
 * configured by OPENVIDU_URL and OPENVIDU_SECRET, and gives its pages
 *   POST /api/sessions                      body: session properties → the session id
 *   POST /api/sessions/<id>/connections     body: connection properties → the token
 * plus, for the tests, the two calls an app makes when a meeting ends:
 *   DELETE /api/sessions/<id>               close it for everyone
 * CORS is open, as the tutorial's `cors()`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenVidu } from 'openvidu-node-client';

export interface TutorialServer {
  url: string;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, value?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
  res.end(value === undefined ? '' : JSON.stringify(value));
}

export async function startTutorialServer(env: { OPENVIDU_URL: string; OPENVIDU_SECRET: string }): Promise<TutorialServer> {
  const openvidu = new OpenVidu(env.OPENVIDU_URL, env.OPENVIDU_SECRET);
  openvidu.enableProdMode();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, DELETE', 'access-control-allow-headers': 'content-type' });
      res.end();
      return;
    }
    if (req.method === 'POST' && path === '/api/sessions') {
      const session = await openvidu.createSession(await body(req));
      send(res, 200, session.sessionId);
      return;
    }
    const connections = /^\/api\/sessions\/([^/]+)\/connections$/.exec(path);
    if (req.method === 'POST' && connections) {
      await openvidu.fetch();
      const session = openvidu.activeSessions.find((s) => s.sessionId === connections[1]);
      if (!session) return send(res, 404);
      const connection = await session.createConnection(await body(req));
      send(res, 200, connection.token);
      return;
    }
    const closing = /^\/api\/sessions\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && closing) {
      await openvidu.fetch();
      const session = openvidu.activeSessions.find((s) => s.sessionId === closing[1]);
      if (!session) return send(res, 404);
      await session.close();
      send(res, 204);
      return;
    }
    send(res, 404);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

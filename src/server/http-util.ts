import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../protocol/index.js';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { code, message });
}

export function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

/** 405, naming the methods `allow`ed; `fail` writes the body. */
export function notAllowed(res: ServerResponse, allow: string, fail: (status: number, message: string) => void): void {
  res.setHeader('allow', allow);
  fail(405, `use ${allow}`);
}

/** A request body, or why there is none: over the limit, or cut off (the client went away mid-body). */
export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too_large' | 'aborted' };

/**
 * Read a request body up to `limit` bytes. Past the limit it stops buffering
 * at once (a 10 MB body costs nothing but the refusal) and the caller answers
 * 413 and closes the connection. A body the client stopped sending (its socket
 * reset or closed before the end) is `aborted`: there is nobody left to answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      chunks.length = 0;
      resolve(result);
    };
    const chunks: Buffer[] = [];
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      finish({ ok: false, reason: 'too_large' });
      return;
    }
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) finish({ ok: false, reason: 'too_large' });
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    // Without 'end' or 'error' first, a close means the body never came whole.
    req.on('close', () => finish({ ok: false, reason: 'aborted' }));
  });
}

/** A URL path segment decoded; undefined when it is not valid percent-encoding. */
export function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

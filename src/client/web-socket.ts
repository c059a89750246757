/**
 * The part of the WebSocket API the session uses. Both the browser's
 * `WebSocket` and the `ws` package's fit it, so either can be passed in.
 */

// Handlers are declared as methods so the check is bivariant: `ws` types its
// events as richer classes than the few fields read here.
type Handler<E> = { handle(event: E): void }['handle'];

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number }> | null;
  onerror: Handler<unknown> | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `readyState` of an open socket (the same number in every implementation). */
export const OPEN = 1;

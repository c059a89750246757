/**
 * Sessions of the other shapes the element accepts, as test doubles of OpenVidu's and
 * OpenTok's session objects (their real libraries need their own servers): they raise
 * the events those libraries raise, with the shapes those libraries give them.
 */
type Handler = (event: any) => void;
export interface FakeConnection {
  connectionId: string;
  data?: string | undefined;
}

/** A session with OpenVidu's shape: `signal:`-prefixed types, `remoteConnections`, Promise-returning `signal()`. */
export class OpenViduLikeSession {
  connection: FakeConnection | undefined;
  remoteConnections = new Map<string, FakeConnection>();
  sent: Array<{ type?: string; data?: string; to?: FakeConnection[] }> = [];
  private handlers = new Map<string, Set<Handler>>();
  on(name: string, fn: Handler): this {
    if (!this.handlers.has(name)) this.handlers.set(name, new Set());
    this.handlers.get(name)!.add(fn);
    return this;
  }
  off(name: string, fn: Handler): this {
    this.handlers.get(name)?.delete(fn);
    return this;
  }
  emit(name: string, event: unknown): void {
    for (const fn of this.handlers.get(name) ?? []) fn(event);
  }
  listeners(): number {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }
  signal(options: { type?: string; data?: string; to?: FakeConnection[] }): Promise<void> {
    this.sent.push(options);
    // OpenVidu raises a broadcast on its sender too, with the prefixed type.
    if (!options.to?.length) queueMicrotask(() => this.emit('signal', { type: `signal:${options.type}`, data: options.data, from: this.connection }));
    return Promise.resolve();
  }
}

/** OpenTok's shape: `signal(options, completionHandler)`, reconnection events named `sessionReconnecting`. */
export class OpenTokLikeSession extends OpenViduLikeSession {
  connections = { forEach: (fn: (c: FakeConnection) => void) => this.remoteConnections.forEach((c) => fn(c)) };
  override signal(options: { type?: string; data?: string }, done?: (error?: unknown) => void): Promise<void> {
    void super.signal(options);
    const error = (options.data ?? '').length > 10 ? { code: 413, message: 'too long for this test' } : undefined;
    setTimeout(() => done?.(error), 0);
    return undefined as unknown as Promise<void>;
  }
}


/**
 * How a tab reaches the hub of its `shared` element: a SharedWorker's port, or the
 * leader tab, elected with Web Locks and reached over a BroadcastChannel. Each returns
 * a `Link`; neither knows what the messages mean (tab-session.ts does).
 * Both are in the worker script (load-shared.ts), so a leader tab runs the same hub as
 * the worker does.
 */
import type { HubMessage, TabMessage } from './messages.js';
import { TabHub } from './tab-hub.js';

export interface Link {
  send(message: TabMessage): void;
  /** Detaches this tab (after its `bye`). */
  close(): void;
}

/**
 * The SharedWorker named `key` (one per origin, room and user) from `url`. Throws where
 * the worker cannot be made (a cross-origin URL); `failed` runs when its script does not
 * load (a 404, a CSP without it).
 */
export function workerLink(url: string, key: string, receive: (m: HubMessage) => void, failed: () => void): Link {
  const worker = new SharedWorker(url, { name: key });
  worker.onerror = failed;
  const port = worker.port;
  port.onmessage = (e: MessageEvent<HubMessage>) => receive(e.data);
  return { send: (m) => port.postMessage(m), close: () => port.close() };
}

/**
 * Every tab asks for the lock `key`; the one holding it is the leader and runs the hub for
 * all of them, the others wait in line. When the leader goes (its tab closes, its element
 * leaves the page), it hands the connection over and the lock passes to the next tab,
 * whose hub resumes it.
 */
export function leaderLink(key: string, receive: (m: HubMessage) => void): Link {
  const channel = new BroadcastChannel(key);
  const stop = new AbortController();
  let hub: TabHub | undefined;
  let release: (() => void) | undefined;
  // A tab's messages carry `tab`; the hub's do not. The leader's own tab hears its hub
  // directly. Nothing after close (a call answered late).
  const post = (m: HubMessage) => {
    if (stop.signal.aborted) return;
    channel.postMessage(m);
    receive(m);
  };
  channel.onmessage = (e: MessageEvent<TabMessage | HubMessage>) => {
    const m = e.data;
    if ('tab' in m) hub?.handle(m);
    else if (!hub) receive(m);
  };
  navigator.locks
    .request(key, { signal: stop.signal }, () =>
      new Promise<void>((resolve) => {
        release = resolve;
        hub = new TabHub(post);
        post({ t: 'lead' });
      }),
    )
    .catch(() => undefined); // aborted: this tab left before its turn
  return {
    send: (m) => (hub ? hub.handle(m) : channel.postMessage(m)),
    // After this tab's `bye`: the connection goes to the next leader when other tabs use
    // it (they are in line for the lock), else the hub leaves the room.
    close: () => {
      stop.abort();
      if (hub?.attached) hub.handOff();
      else hub?.close();
      hub = undefined;
      release?.();
      channel.close();
    },
  };
}

/**
 * How a tab reaches the hub of its `shared` element: a SharedWorker's port, or the
 * leader tab, elected with Web Locks and reached over a BroadcastChannel. Each returns
 * a `Link`; neither knows what the messages mean (tab-session.ts does).
 *
 * The hub's code is in the worker script only (dist/signal-chat-worker.js), not in the
 * element's bundle: a leader tab loads that same file as a classic script, which then
 * leaves the hub class at `globalThis.SignalChatHub` instead of serving ports.
 */
import type { HubMessage, TabMessage } from './messages.js';
import type { TabHub } from './tab-hub.js';

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
 * Every tab asks for the lock `key`; the one holding it is the leader and runs the hub
 * (loaded from `url`) for all of them, the others wait in line. When the leader goes (its
 * tab closes, its element leaves the page), it hands the connection over and the lock
 * passes to the next tab, whose hub resumes it. `failed` runs when this tab leads but the
 * hub's script does not load.
 */
export function leaderLink(url: string, key: string, receive: (m: HubMessage) => void, failed: () => void): Link {
  const channel = new BroadcastChannel(key);
  const stop = new AbortController();
  const scope = globalThis as { SignalChatHub?: typeof TabHub };
  let hub: TabHub | undefined;
  let release: (() => void) | undefined;
  // A tab's messages carry `tab`; the hub's do not. The leader's own tab hears its hub
  // directly. Nothing after close (a call answered late, a hub script loaded late).
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
  const lead = () => {
    if (stop.signal.aborted) return;
    if (!scope.SignalChatHub) {
      release?.();
      failed();
      return;
    }
    hub = new scope.SignalChatHub(post);
    post({ t: 'lead' });
  };
  navigator.locks
    .request(key, { signal: stop.signal }, () =>
      new Promise<void>((resolve) => {
        release = resolve;
        if (scope.SignalChatHub) lead();
        else {
          const script = document.createElement('script');
          script.src = url;
          script.onload = script.onerror = lead;
          document.head.append(script);
        }
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

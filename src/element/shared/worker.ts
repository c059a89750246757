/**
 * The SharedWorker script of a `shared` element (built as dist/signal-chat-worker.js, a
 * classic script, so a page with `script-src 'self'` may start it from its own origin).
 * The element names each worker after its origin, room and user, so one worker holds
 * one hub: the socket every tab of that user shares.
 *
 * Loaded as a plain script in a page instead (load-shared.ts), it serves nothing and
 * leaves the shared session maker at `globalThis.SignalChatShared` for the element.
 */
import type { HubMessage, TabMessage } from './messages.js';
import { TabHub } from './tab-hub.js';
import { createSharedSession } from './tab-session.js';

const scope = globalThis as unknown as { onconnect?: ((e: MessageEvent) => void) | null; SignalChatShared?: typeof createSharedSession };

if ('onconnect' in scope) {
  const ports = new Set<MessagePort>();
  const hub = new TabHub((m: HubMessage) => {
    for (const port of ports) port.postMessage(m);
  });
  scope.onconnect = (e) => {
    const port = e.ports[0];
    if (!port) return;
    ports.add(port);
    port.onmessage = (m: MessageEvent<TabMessage>) => {
      if (m.data.t === 'bye') ports.delete(port);
      hub.handle(m.data);
    };
    // Here and running: the tab says hello (one that hears nothing elects a leader instead).
    port.postMessage({ t: 'lead' } satisfies HubMessage);
  };
} else scope.SignalChatShared = createSharedSession;

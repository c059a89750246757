/**
 * The SharedWorker script of a `shared` element (built as dist/signal-chat-worker.js, a
 * classic script, so a page with `script-src 'self'` may start it from its own origin).
 * The element names each worker after its origin, room and user, so one worker holds
 * one hub: the socket every tab of that user shares.
 *
 * Loaded as a plain script in a page instead (a leader tab, where there is no
 * SharedWorker: links.ts), it serves nothing and leaves the hub class at
 * `globalThis.SignalChatHub` for that tab to run.
 */
import type { HubMessage, TabMessage } from './messages.js';
import { TabHub } from './tab-hub.js';

const scope = globalThis as unknown as { onconnect?: ((e: MessageEvent) => void) | null; SignalChatHub?: typeof TabHub };

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
} else scope.SignalChatHub = TabHub;

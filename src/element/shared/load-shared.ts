/**
 * What the element bundle holds of `shared`: only this loader. The shared session itself
 * (tab-session.ts, links.ts, the hub) is in the worker script, which a page loads once as a
 * plain script too; there it leaves `globalThis.SignalChatShared` instead of serving ports.
 * The element's 30 KB stay for what every page uses.
 */
import type { OwnSession } from '../create-session.js';

/** Makes a shared session (tab-session.ts's `createSharedSession`). */
export type MakeShared = (url: string, name: string, token: string | undefined, workerUrl: string) => OwnSession;

/**
 * The worker script's default place: beside the script that defined the element
 * (`dist/signal-chat-worker.js` beside `dist/signal-chat.js`). Read now, while a classic
 * script's `document.currentScript` still names it.
 */
const WORKER_URL = new URL('./signal-chat-worker.js', import.meta.url).href;

let loading: Promise<MakeShared | undefined> | undefined;

/**
 * The shared session maker and the worker script's URL (`workerUrl`, the
 * `shared-worker-url` attribute, or the default). No maker when the script cannot load
 * (a 404, a CSP without it): the element then opens a socket of its own.
 */
export async function loadShared(workerUrl: string): Promise<[MakeShared | undefined, string]> {
  const url = workerUrl || WORKER_URL;
  const scope = globalThis as { SignalChatShared?: MakeShared };
  loading ??= new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = script.onerror = () => resolve(scope.SignalChatShared);
    document.head.append(script);
  });
  return [scope.SignalChatShared ?? (await loading), url];
}

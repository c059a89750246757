/**
 * `<signal-chat>` in Svelte 5 markup, for svelte-check: `import type {} from 'signal-chat/svelte'`
 * once in the app types its attributes, its object properties (`strings`, `session`,
 * which Svelte sets as properties) and `onsignal-chat-message` and the other handlers.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { SignalChatEventMap, SignalChatEventName } from '../element/events.js';
import type { SignalChat } from '../element/signal-chat.js';

export type SignalChatSvelteAttributes = HTMLAttributes<SignalChat> &
  Partial<Pick<SignalChat, 'url' | 'name' | 'channels' | 'channel' | 'token' | 'theme' | 'notify' | 'shared' | 'sharedWorkerUrl' | 'strings' | 'session'>> & {
    [K in SignalChatEventName as `on${K}`]?: (event: SignalChatEventMap[K]) => void;
  };

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'signal-chat': SignalChatSvelteAttributes;
  }
}

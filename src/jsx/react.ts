/**
 * `<signal-chat>` in React 19's JSX, for TypeScript: `import type {} from 'signal-chat/react'`
 * once in the app makes `<signal-chat url=… strings={…} onsignal-chat-message={…}>` type-check.
 *
 * React 19 sets a prop on a custom element as a property when the element has it (so
 * `strings` and `session` arrive as objects once the element is defined) and adds a
 * listener for `on<event-name>`, case kept: `onsignal-chat-message`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { SignalChatEventMap, SignalChatEventName } from '../element/events.js';
import type { SignalChat } from '../element/signal-chat.js';

/** What can be set on the element: attributes and the writable properties. */
export type SignalChatReactProperties = Partial<Pick<SignalChat, 'url' | 'name' | 'channels' | 'channel' | 'token' | 'theme' | 'notify' | 'shared' | 'sharedWorkerUrl' | 'strings' | 'session'>>;

/** A listener prop for each of the element's events: `onsignal-chat-message` and the others. */
export type SignalChatReactEvents = {
  [K in SignalChatEventName as `on${K}`]?: (event: SignalChatEventMap[K]) => void;
};

/** Everything `<signal-chat>` takes in React's JSX, `ref` and `key` included. */
export type SignalChatReactProps = DetailedHTMLProps<HTMLAttributes<SignalChat>, SignalChat> & SignalChatReactProperties & SignalChatReactEvents;

declare module 'react' {
  // React keeps its JSX types in a namespace: augmenting them takes one (the one place we write `namespace`).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'signal-chat': SignalChatReactProps;
    }
  }
}

/**
 * `<signal-chat>` in Vue's templates, for Volar / vue-tsc: `import type {} from 'signal-chat/vue'`
 * once in the app registers it in Vue's `GlobalComponents`, with its attributes and
 * properties as props and its events for `@signal-chat-message` and the others. This is
 * the `DefineCustomElement` recipe of Vue's "Vue and Web Components" guide.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { SignalChatEventMap } from '../element/events.js';
import type { SignalChat } from '../element/signal-chat.js';

/** What can be bound on the element: attributes and the writable properties. */
type SignalChatVueProps = Partial<Pick<SignalChat, 'url' | 'name' | 'channels' | 'channel' | 'token' | 'theme' | 'notify' | 'shared' | 'sharedWorkerUrl' | 'strings' | 'session'>>;

/** The element as a component type for Vue's template checker (the `$props`/`$emit` parts exist for types only). */
export type SignalChatVueComponent = new () => SignalChat & {
  /** @deprecated For template type checking only: not a property of the element. */
  $props: HTMLAttributes & SignalChatVueProps & PublicProps;
  /** @deprecated For template type checking only: not a method of the element. */
  $emit: EmitFn<{ [K in keyof SignalChatEventMap]: (event: SignalChatEventMap[K]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'signal-chat': SignalChatVueComponent;
  }
}

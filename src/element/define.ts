/**
 * Registers `<signal-chat>`. This is the entry of the classic script
 * (`<script src="signal-chat.js">`), which also exposes `window.SignalChat`.
 */
import { SignalChat } from './signal-chat.js';

/** Registers the element under `tagName` (default `signal-chat`) unless that name is taken. */
export function define(tagName = 'signal-chat'): typeof SignalChat {
  if (!customElements.get(tagName)) {
    // Another tag name needs its own subclass: a constructor can be registered only once.
    customElements.define(tagName, tagName === 'signal-chat' ? SignalChat : class extends SignalChat {});
  }
  return customElements.get(tagName) as typeof SignalChat;
}

define();

export * from './index.js';

/**
 * Type-level checks of the Vue and Svelte declarations (run by the typecheck step): the
 * tag is known to each, with the element's properties and typed event handlers. The
 * React ones are checked by react-app.tsx itself.
 */
import type { GlobalComponents } from 'vue';
import type { SvelteHTMLElements } from 'svelte/elements';
import type {} from '../../../src/jsx/vue.js';
import type {} from '../../../src/jsx/svelte.js';

type VueProps = InstanceType<GlobalComponents['signal-chat']>['$props'];
export const vueProps: VueProps = { url: 'ws://127.0.0.1/rooms/a', name: 'Ann', strings: { send: 'Senden' }, class: 'chat' };

export const svelteAttributes: SvelteHTMLElements['signal-chat'] = {
  url: 'ws://127.0.0.1/rooms/a',
  strings: { send: 'Senden' },
  'onsignal-chat-message': (e) => e.detail.text.toUpperCase(),
};

// @ts-expect-error `strings` keys are the UI string names, not anything
export const wrongStrings: SvelteHTMLElements['signal-chat'] = { strings: { nonsense: 'x' } };

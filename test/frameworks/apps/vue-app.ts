/**
 * A Vue 3 app using <signal-chat> the way Vue's docs say: `isCustomElement` so Vue leaves
 * the tag alone, attributes bound as usual, `.prop` for an object property, `@event` for
 * its events. The template is compiled in the page (Vue's full build).
 */
import { createApp, ref } from 'vue';
import type { ChatMessage } from '../../../src/element/index.js';
import { roomUrl } from './page.js';

const app = createApp({
  setup() {
    const messages = ref<ChatMessage[]>([]);
    const connections = ref<string[]>([]);
    return { url: roomUrl, strings: { send: 'Senden' }, messages, connections };
  },
  template: `
    <main :data-connections="connections.join(' ')">
      <signal-chat :url="url" name="Vue" channels="chat" :strings.prop="strings"
        @signal-chat-message="messages.push($event.detail)"
        @signal-chat-connected="connections.push($event.detail.id)"></signal-chat>
      <ul id="log"><li v-for="m in messages" :key="m.id">{{ (m.from ? m.from.name : 'server') + ': ' + m.text }}</li></ul>
    </main>`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag === 'signal-chat';
app.mount('#root');

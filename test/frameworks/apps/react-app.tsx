/**
 * A React 19 app using <signal-chat> the way React's docs use a custom element: plain
 * props for attributes, an object prop (`strings`) that React sets as a property, and
 * `on<event-name>` listener props. Rendered in StrictMode, so every effect and ref runs
 * twice on mount.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { ChatMessage } from '../../../src/element/index.js';
import type {} from '../../../src/jsx/react.js';
import { roomUrl } from './page.js';

function Chat() {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [connections, setConnections] = useState<string[]>([]);
  const [joined, setJoined] = useState<string[]>([]);
  const [swapped, setSwapped] = useState(false);
  const [renders, setRenders] = useState(0);
  // A new object on every render, as a component usually writes it.
  const strings = { send: 'Senden' };
  const chat = (
    <signal-chat
      key="chat"
      url={roomUrl}
      name="React"
      channels="chat"
      strings={strings}
      onsignal-chat-message={(e) => setMessages((list) => [...list, e.detail])}
      onsignal-chat-connected={(e) => setConnections((list) => [...list, e.detail.id])}
      onsignal-chat-participant-joined={(e) => setJoined((list) => [...list, e.detail.participant.name])}
    />
  );
  const log = (
    <ul key="log" id="log">
      {messages.map((m) => (
        <li key={m.id}>{`${m.from?.name ?? 'server'}: ${m.text}`}</li>
      ))}
    </ul>
  );
  return (
    <main data-renders={renders} data-connections={connections.join(' ')} data-joined={joined.join(' ')}>
      <button id="swap" type="button" onClick={() => setSwapped((s) => !s)}>Swap</button>
      <button id="rerender" type="button" onClick={() => setRenders((n) => n + 1)}>Render again</button>
      {swapped ? [log, chat] : [chat, log]}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Chat />
  </StrictMode>,
);

// The demo page: points the three <signal-chat> elements at one room of this server,
// switches their theme, logs their DOM events and shows the embed snippet.
// No inline script and no HTML built from strings: everything is textContent.
const params = new URLSearchParams(location.search);
const room = /^[A-Za-z0-9\-_~.]{1,64}$/.test(params.get('room') ?? '') ? params.get('room') : 'demo';
const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rooms/${room}`;

document.getElementById('room').textContent = room;
const restLink = document.getElementById('rest-link');
restLink.href = `/api/rooms/${room}`;
restLink.textContent = `/api/rooms/${room}`;

const chats = [...document.querySelectorAll('signal-chat[data-pane]')];
for (const chat of chats) chat.setAttribute('url', url);

// ---- theme ----
for (const radio of document.querySelectorAll('input[name=theme]')) {
  radio.addEventListener('change', () => {
    for (const chat of chats) chat.setAttribute('theme', radio.value);
    document.documentElement.dataset.theme = radio.value;
  });
}

// ---- event log ----
const EVENTS = [
  'signal-chat-connected',
  'signal-chat-disconnected',
  'signal-chat-reconnecting',
  'signal-chat-reconnected',
  'signal-chat-send',
  'signal-chat-message',
  'signal-chat-participant-joined',
  'signal-chat-participant-left',
  'signal-chat-participant-status',
  'signal-chat-error',
];
const list = document.getElementById('events');
const MAX_LINES = 200;

/** The detail without the bulky parts: participants by name. */
function summarise(detail) {
  return JSON.stringify(detail, (key, value) => {
    if (value && typeof value === 'object' && 'self' in value && 'name' in value && 'id' in value) return `${value.name} (${value.id.slice(0, 6)})`;
    return value;
  });
}

for (const chat of chats) {
  for (const name of EVENTS) {
    chat.addEventListener(name, (event) => {
      const li = document.createElement('li');
      const who = document.createElement('strong');
      who.textContent = chat.getAttribute('name');
      const type = document.createElement('code');
      type.textContent = name;
      const detail = document.createElement('span');
      detail.textContent = summarise(event.detail);
      li.append(who, ' ', type, ' ', detail);
      list.prepend(li);
      while (list.children.length > MAX_LINES) list.lastElementChild.remove();
    });
  }
}
document.getElementById('clear-log').addEventListener('click', () => list.replaceChildren());

// ---- embed snippet ----
const origin = `${location.protocol}//${location.host}`;
const snippet = `<script src="${origin}/signal-chat.js"></script>
<signal-chat url="${url}" name="Your name" channels="chat random"></signal-chat>`;
document.getElementById('snippet').textContent = snippet;
document.getElementById('copy').addEventListener('click', async () => {
  const status = document.getElementById('copied');
  try {
    await navigator.clipboard.writeText(snippet);
    status.textContent = 'Copied.';
  } catch {
    status.textContent = 'Select the text and copy it.';
  }
});

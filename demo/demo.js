// The demo page: one <signal-chat> for the visitor, under the name they pick (kept in
// this browser's localStorage), in one room of this relay; beside it the embed snippet,
// the theme and the element's DOM events. A second tab opened with ?guest is a second
// person with a name of its own, so two tabs are two people.
// No inline script and no HTML built from strings: everything is textContent.
const NAME_KEY = 'signal-chat-demo:name';
const params = new URLSearchParams(location.search);
const room = /^[A-Za-z0-9\-_~.]{1,64}$/.test(params.get('room') ?? '') ? params.get('room') : 'demo';
const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rooms/${room}`;
/** A tab opened as someone else (?guest or ?name=…) keeps its name to itself. */
const ownTab = params.has('guest') || params.has('name');

const chat = document.getElementById('chat');
const nameInput = document.getElementById('name');
const nameStatus = document.getElementById('who-status');

// ---- the room ----
document.getElementById('room').textContent = room;
document.getElementById('room-name').textContent = room;
const restLink = document.getElementById('rest-link');
restLink.href = `/api/rooms/${room}`;
restLink.textContent = `/api/rooms/${room}`;
const secondTab = new URLSearchParams({ room });
secondTab.set('guest', '');
document.getElementById('second-tab').href = `?${secondTab}`;

// ---- the visitor's name ----
function storedName() {
  try {
    return localStorage.getItem(NAME_KEY)?.trim() ?? '';
  } catch {
    return ''; // storage blocked: the name lasts as long as the page
  }
}

function storeName(name) {
  try {
    localStorage.setItem(NAME_KEY, name);
    return true;
  } catch {
    return false;
  }
}

/** A name for someone who has not picked one yet, most likely different in each tab (two words: two initials on the avatar). */
function guestName() {
  const pick = (words) => words[Math.floor(Math.random() * words.length)];
  const moods = ['Calm', 'Brave', 'Quick', 'Sunny', 'Quiet', 'Lucky', 'Witty', 'Merry', 'Bold', 'Kind', 'Keen', 'Jolly'];
  const kinds = ['Otter', 'Heron', 'Lynx', 'Puffin', 'Marten', 'Ibex', 'Gecko', 'Koala', 'Wren', 'Yak', 'Fox', 'Owl'];
  return `${pick(moods)} ${pick(kinds)}`;
}

let name = (params.get('name') ?? '').trim() || (ownTab ? '' : storedName()) || guestName();
nameInput.value = name;
chat.setAttribute('name', name);
chat.setAttribute('url', url);

document.getElementById('who').addEventListener('submit', (event) => {
  event.preventDefault();
  const picked = nameInput.value.trim();
  if (!picked) return;
  name = picked;
  chat.setAttribute('name', name); // everyone's list shows the new name at once
  if (ownTab) nameStatus.textContent = 'For this tab only.';
  else nameStatus.textContent = storeName(name) ? 'Saved for your next visit.' : 'This browser does not keep it.';
  showSnippet();
});

// ---- theme ----
for (const radio of document.querySelectorAll('input[name=theme]')) {
  radio.addEventListener('change', () => {
    chat.setAttribute('theme', radio.value);
    document.documentElement.dataset.theme = radio.value;
  });
}

// ---- embed snippet ----
const origin = `${location.protocol}//${location.host}`;
const attribute = (value) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
let snippet = '';
function showSnippet() {
  snippet = `<script src="${origin}/signal-chat.js"></script>
<signal-chat url="${url}" name="${attribute(name)}" channels="chat random"></signal-chat>`;
  document.getElementById('snippet').textContent = snippet;
}
showSnippet();
document.getElementById('copy').addEventListener('click', async () => {
  const status = document.getElementById('copied');
  try {
    await navigator.clipboard.writeText(snippet);
    status.textContent = 'Copied.';
  } catch {
    status.textContent = 'Select the text and copy it.';
  }
});

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
  'signal-chat-typing',
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

for (const type of EVENTS) {
  chat.addEventListener(type, (event) => {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = type;
    const detail = document.createElement('span');
    detail.textContent = summarise(event.detail);
    li.append(code, ' ', detail);
    list.prepend(li);
    while (list.children.length > MAX_LINES) list.lastElementChild.remove();
  });
}
document.getElementById('clear-log').addEventListener('click', () => list.replaceChildren());

// A plain WebSocket client per pane: join, show peers and signals, send chat.
// Text is always inserted with textContent, never as HTML.
const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rooms/demo`;

function pane(section) {
  const name = section.dataset.name;
  const title = document.createElement('h2');
  const log = document.createElement('ol');
  log.setAttribute('role', 'log');
  const form = document.createElement('form');
  const input = document.createElement('input');
  input.setAttribute('aria-label', `Message from ${name}`);
  const button = document.createElement('button');
  button.textContent = 'Send';
  form.append(input, button);
  section.append(title, log, form);

  const peers = new Map();
  let seq = 0;
  const line = (text, system = false) => {
    const item = document.createElement('li');
    item.textContent = text;
    if (system) item.className = 'system';
    log.append(item);
    log.scrollTop = log.scrollHeight;
  };
  const who = (id) => (id === null ? 'server' : peers.get(id)?.name ?? id);
  const socket = new WebSocket(wsBase);
  title.textContent = `${name} — connecting…`;
  socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'join', status: { name } })));
  socket.addEventListener('close', () => (title.textContent = `${name} — offline`));
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(event.data);
    switch (frame.type) {
      case 'joined':
        for (const [id, status] of Object.entries(frame.peers)) peers.set(id, status);
        title.textContent = `${name} — ${peers.size + 1} in the room`;
        break;
      case 'peer_joined':
        peers.set(frame.peer, frame.status);
        line(`${who(frame.peer)} joined`, true);
        break;
      case 'peer_left':
        line(`${who(frame.peer)} left`, true);
        peers.delete(frame.peer);
        break;
      case 'from':
        line(`${frame.history ? '(earlier) ' : ''}${who(frame.peer)}: ${typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data)}`);
        break;
      case 'error':
        line(`error ${frame.code}: ${frame.message}`, true);
        break;
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!input.value || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: 'signal', id: `${name}-${++seq}`, event: 'chat', data: input.value }));
    line(`${name}: ${input.value}`);
    input.value = '';
  });
}

for (const section of document.querySelectorAll('.pane')) pane(section);

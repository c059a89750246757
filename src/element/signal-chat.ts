/**
 * `<signal-chat>`: the element's properties and public API, the controllers it wires
 * (session-controller.ts, log-controller.ts, event-pump.ts, composer-controller.ts…), its
 * render, and what stays the element's own: which thread is shown, the drawer, the action
 * menu and focus moves.
 * Longer than 300 lines: about 175 of them are comments, most of them the JSDoc of the
 * public API that custom-elements.json and the README tables are made from (held to it by
 * test/element/docs.test.ts); the rest is the wiring of the controllers and the render. */
// First, for the bundle's order (its modules compress about 20 B gzip better so).
import { memo } from './memo.js';
import { OlderHistory } from './older-history.js';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { isReactionKey } from '../protocol/read-convention.js';
import { DEFAULT_CHANNEL, parseChannels } from './channels.js';
import { ChatStore, channelThread, privateThread, type MessageRow } from './chat-store.js';
import type { MessageRef } from './conversation-controller.js';
import { EventPump } from './event-pump.js';
import { fire, type ChatMessage } from './events.js';
import { LogController, focusSoon } from './log-controller.js';
import type { SendOptions } from './messenger.js';
import type { Participant } from './participant.js';
import { renderParticipants } from './render-participants.js';
import { renderStatus } from './render-status.js';
import { NotifyController } from './notify-controller.js';
import { ReadMarks } from './read-marks.js';
import { Receipts } from './receipts.js';
import { SessionController, type ConnectionState } from './session-controller.js';
import type { SessionLike } from './session-like.js';
import { DEFAULT_STRINGS, format, type SignalChatStrings } from './strings.js';
import { TypingController } from './typing-controller.js';
// Last, so that the bundle has the log's and the tabs' templates and the CSS right before
// this class, whose templates share their class and attribute names: they compress better
// there (about 120 B gzip less than in the order of the imports above).
import { ComposerController } from './composer-controller.js';
import { LogRows } from './render-log.js';
import { hold } from './render-conversation.js';
import { renderTabs, type Tab } from './render-tabs.js';
import { styles } from './styles.js';
// Not among the first: errors.ts is then reached through the session controller and sits
// beside the messenger, its main user (7 B gzip less).
import { toChatError } from './errors.js';

export type { ConnectionState } from './session-controller.js';
export type { Recipients, SendOptions } from './messenger.js';
export type { MessageRef } from './conversation-controller.js';

/**
 * A chat for one room of a signal-chat relay (or any OpenVidu/OpenTok-shaped session):
 * participants, channels as tabs, private threads, a log and a composer.
 *
 * @tagname signal-chat
 * @summary Embeddable chat over the OpenVidu/OpenTok signal API.
 *
 * @fires {CustomEvent<ConnectedDetail>} signal-chat-connected - Joined the room; `id` is the own connection id.
 * @fires {CustomEvent<DisconnectedDetail>} signal-chat-disconnected - Left the room or lost it for good (`disconnect`, `network`, `unauthorized`, …).
 * @fires {CustomEvent<EmptyDetail>} signal-chat-reconnecting - The connection dropped; trying again. Messages sent now are queued.
 * @fires {CustomEvent<EmptyDetail>} signal-chat-reconnected - Back in the room.
 * @fires {CustomEvent<SendDetail>} signal-chat-send - Cancelable. Before a message leaves, typed or through `send()`; `preventDefault()` stops it (`send()` then rejects with code `cancelled`).
 * @fires {CustomEvent<ChatMessage>} signal-chat-message - A message was sent (once the server accepted it) or received, on any channel, history included.
 * @fires {CustomEvent<ReactionDetail>} signal-chat-reaction - Someone's reactions to a message changed (own included); `keys` is their whole set now.
 * @fires {CustomEvent<EditDetail>} signal-chat-edit - A message's sender replaced its text (own included).
 * @fires {CustomEvent<DeleteDetail>} signal-chat-delete - A message was taken back by its sender or a moderator (own included).
 * @fires {CustomEvent<ParticipantDetail>} signal-chat-participant-joined - Someone joined after this element connected.
 * @fires {CustomEvent<ParticipantDetail>} signal-chat-participant-left - Someone left.
 * @fires {CustomEvent<ParticipantDetail>} signal-chat-participant-status - Someone's status (e.g. name) changed.
 * @fires {CustomEvent<ReadDetail>} signal-chat-read - Someone had the messages of a thread on screen, up to message `id` (a read receipt).
 * @fires {CustomEvent<ErrorDetail>} signal-chat-error - A send failed, the connection was refused, or the session reported an error.
 * @fires {CustomEvent<TypingDetail>} signal-chat-typing - Someone else started or stopped typing in a channel or in the private thread with this user.
 *
 * @csspart participants - The participant list (a drawer when the element is narrow).
 * @csspart participant - One entry of the participant list.
 * @csspart tabs - The tab list of channels and private threads.
 * @csspart tab - One tab.
 * @csspart tab-active - The selected tab (in addition to `tab`).
 * @csspart badge - An unread count, on a tab or a participant.
 * @csspart status - The connection state banner (connecting, reconnecting, offline).
 * @csspart retry-button - "Retry now" in the banner, while waiting to retry the connection.
 * @csspart private-banner - The "private conversation with …" line above a private thread.
 * @csspart log - The scrolling message log.
 * @csspart message - One message.
 * @csspart quote - The quote of the message a reply answers (a button to it, disabled while it is not loaded).
 * @csspart edited - The "(edited)" mark after an edited message.
 * @csspart tombstone - "Message deleted", in place of a deleted message.
 * @csspart reaction - One reaction chip under a message (`aria-pressed` when one's own).
 * @csspart actions-button - The button that opens a message's action menu.
 * @csspart menu - A message's action menu: quick reactions, reply, edit, delete, copy.
 * @csspart composer-mode - "Replying to …" or "Editing your message" above the text area, with its cancel button.
 * @csspart own-message - A message this element sent (in addition to `message`).
 * @csspart receipt - Under one's latest message: "Sent", "Seen" or "Seen by N" (the names in its description).
 * @csspart system - A join or leave line, or "5 people reconnected".
 * @csspart older - The line at the top of the log: "Load older messages" (a button), loading, or "No older messages".
 * @csspart gap - The line where messages may be missing (after a reconnection that could not pick up where it was).
 * @csspart history-divider - The line above messages replayed from the room's history.
 * @csspart day-divider - The line above the first message of each day ("Today", "Yesterday", a date).
 * @csspart unread-divider - The "New since you left" line above the first message that arrived after the last visit.
 * @csspart new-messages - The "new messages" button shown while scrolled up.
 * @csspart composer - The form at the bottom.
 * @csspart input - The message text area.
 * @csspart send-button - The send button.
 * @csspart reason - Why the composer is disabled.
 * @csspart counter - The byte counter near the size limit.
 * @csspart error - The last send error.
 * @csspart typing - The "Ann is typing…" line above the composer.
 * @csspart mentions - The list of people offered after `@` in the composer (a listbox).
 * @csspart mention - A message that mentions this user (as well as `message`).
 * @csspart mention-badge - The count of unread mentions of this user, on a tab.
 *
 * @cssprop --signal-chat-background - Background colour.
 * @cssprop --signal-chat-color - Text colour.
 * @cssprop --signal-chat-muted-color - Secondary text (times, system lines).
 * @cssprop --signal-chat-surface - Background of the participant list and banners.
 * @cssprop --signal-chat-border-color - Lines and borders.
 * @cssprop --signal-chat-accent - Selected tab, links, buttons, badges.
 * @cssprop --signal-chat-accent-contrast - Text on the accent colour.
 * @cssprop --signal-chat-own-background - Background of own messages.
 * @cssprop --signal-chat-private-color - Marker of private messages.
 * @cssprop --signal-chat-error-color - Errors and the over-limit counter.
 * @cssprop --signal-chat-warning-background - Background of the connection banner.
 * @cssprop --signal-chat-radius - Corner radius of the element.
 * @cssprop --signal-chat-font-family - Font family.
 * @cssprop --signal-chat-font-size - Base font size.
 * @cssprop --signal-chat-height - Height of the element (default 480px).
 */
export class SignalChat extends LitElement {
  static override styles = styles;

  static override properties = {
    url: {},
    name: {},
    channels: {},
    channel: { reflect: true },
    token: {},
    theme: { reflect: true },
    notify: { type: Boolean },
    shared: { type: Boolean },
    sharedWorkerUrl: { attribute: 'shared-worker-url' },
    strings: { attribute: false },
    reactions: {},
    features: {},
    _drawer: { state: true },
    _menu: { state: true },
  };

  /** Session URL: `ws(s)://host[:port]/rooms/<room>`; `http(s)://` and page-relative URLs are accepted. */
  declare url: string;
  /** This user's display name, sent as `status.name`. */
  declare name: string;
  /** Space- or comma-separated signal types shown as channels. Default: `chat`. */
  declare channels: string;
  /** The active channel (reflected). Default: the first of `channels`. */
  declare channel: string;
  /** Auth token, when the server requires one (sent as `?token=`). */
  declare token: string;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). Default: `auto`. */
  declare theme: 'light' | 'dark' | 'auto';
  /**
   * Opt in to system notifications: while the page is hidden, a private message or a
   * mention of this user raises one (permission is asked on the first click or key press
   * in the element) and the page title gets a count. Default: off.
   */
  declare notify: boolean;
  /**
   * One connection for every `<signal-chat shared>` of this origin, room and user, in any
   * tab: held by a SharedWorker where the browser has one, else by one tab elected leader
   * (Web Locks + BroadcastChannel), else each opens its own.
   */
  declare shared: boolean;
  /** Where the SharedWorker script of `shared` is. Default: `signal-chat-worker.js` beside the script that defined the element. */
  declare sharedWorkerUrl: string;
  /** UI text to replace; see `DEFAULT_STRINGS` for the keys. */
  declare strings: Partial<SignalChatStrings>;
  /** The quick reactions of a message's menu, space-separated (each at most 16 UTF-8 bytes). */
  declare reactions: string;
  /** The message actions offered, space-separated: any of `react reply edit delete copy`. Leave one out to switch it off. */
  declare features: string;

  declare private _drawer: boolean;
  /** The element id of the message whose action menu is open, or '' (or undefined before the first). */
  declare private _menu: string | undefined;

  /** The UI text: the defaults with `strings` over them, merged again only when `strings` is another object. */
  #merged = memo((strings: Partial<SignalChatStrings>): SignalChatStrings => ({ ...DEFAULT_STRINGS, ...strings }));
  /** The channels of `channels` (do not modify the list). */
  #parsed = memo(parseChannels);
  /** The quick reactions of `reactions`, split when it changes. */
  #quick = memo((reactions: string) => reactions.split(/\s+/).filter(isReactionKey));
  #store = new ChatStore();
  #log = new LogController(this, () => this.#store.thread(this.#activeKey));
  #reads: ReadMarks = new ReadMarks(this.#store, this, () => this.#activeKey, (key, item) => this.#receipts.onScreen(key, item));
  #notify = new NotifyController(this, () => this.#merged(this.strings), (key) => this.#select(key, false));
  #pump = new EventPump<ChatMessage | (() => void)>((m) => (typeof m === 'function' ? m() : fire(this, 'signal-chat-message', m)));
  #conn: SessionController = new SessionController({
    host: this,
    store: this.#store,
    log: this.#log,
    reads: this.#reads,
    pump: this.#pump,
    strings: () => this.#merged(this.strings),
    channels: () => this.#parsed(this.channels),
    activeKey: () => this.#activeKey,
    mentioned: (m) => this.#notify.mentioned(m),
    announce: (text) => {
      const region = this.renderRoot.querySelector('#announce');
      if (region) region.textContent = text;
    },
  });
  #typing = new TypingController(this.#conn);
  #receipts: Receipts = new Receipts(this.#conn);
  #older = new OlderHistory(this.#conn.chatContext, this.#conn);
  #composer = new ComposerController(this, this.#conn, this.#typing);
  /** The private thread shown (a participant id), or '' for the channel `channel`. */
  #peer = '';

  constructor() {
    super();
    this.url = '';
    this.name = '';
    this.channels = 'chat'; // DEFAULT_CHANNEL, written out for the manifest
    this.channel = '';
    this.token = '';
    this.theme = 'auto';
    this.notify = false;
    this.shared = false;
    this.sharedWorkerUrl = '';
    this.strings = {};
    this.reactions = '👍 ❤️ 😂 🎉 😮';
    this.features = 'react reply edit delete copy';
    this._drawer = false;
    // A `session` set before the element was defined (a framework rendering it before a
    // lazily loaded define, a script that ran first) is an own property hiding the
    // accessor. Lit takes over its reactive properties (`strings`) so; `session` is ours.
    if (Object.hasOwn(this, 'session')) {
      const { session } = this;
      delete (this as { session?: unknown }).session;
      this.session = session;
    }
  }

  // ---- public API ----

  /**
   * The session the element uses. Set it to any OpenVidu/OpenTok-shaped session (ours
   * from `signal-chat/client`, OpenVidu's, OpenTok's) to use that instead of opening a
   * connection from `url`; the app then owns connecting and disconnecting it.
   */
  get session(): SessionLike | undefined {
    return this.#conn.session;
  }

  set session(session: SessionLike | undefined) {
    this.#conn.use(session);
  }

  /** Everyone in the room, this element's own connection first. */
  get participants(): Participant[] {
    return this.#conn.roster.participants;
  }

  /** Every message sent or received so far, in the order they were shown; older history loaded on scrolling up goes first. */
  get messages(): readonly ChatMessage[] {
    return [...this.#store.messages];
  }

  /** Where the connection stands: `idle`, `connecting`, `connected`, `reconnecting` or `offline`. */
  get state(): ConnectionState {
    return this.#conn.state;
  }

  /**
   * Connects to `url` (closing any connection the element opened before). Resolves once
   * in the room; while the relay cannot be reached it keeps trying, and rejects only on a
   * refusal or when `disconnect()` cancels it. With a `.session` given, there is nothing
   * to open and this resolves at once.
   */
  connect(): Promise<void> {
    return this.#conn.connect();
  }

  /** Leaves the room (or, for a `.session` given by the app, stops using it). */
  disconnect(): void {
    this.#conn.stopped = true;
    this.#conn.leave();
  }

  /**
   * Sends `text` to the active channel (or `options.channel`), privately when
   * `options.to` names participants. Resolves with the message once the server
   * accepted it; rejects with a `SignalChatError` whose `code` says why
   * (`cancelled` when a `signal-chat-send` listener vetoed it).
   */
  send(text: string, options: SendOptions = {}): Promise<ChatMessage> {
    // An async function: whatever it throws rejects the promise.
    return this.#conn.messenger.send(text, options, this.channel);
  }

  /**
   * Sets the own reaction `key` (an emoji or short text, at most 16 UTF-8 bytes) on a
   * message: adds it when `on` is true, takes it back when false, toggles it when absent.
   * Resolves once the server accepted it.
   */
  react(message: MessageRef, key: string, on?: boolean): Promise<void> {
    return this.#conversation(this.#convo.react(message, key, on));
  }

  /**
   * Replaces the text of an own message; everyone sees the new text marked "edited".
   * Rejects like `send()` (`data_too_large` over the limit), and with `forbidden` for
   * someone else's message.
   */
  edit(message: MessageRef, text: string): Promise<ChatMessage> {
    return this.#conversation(this.#convo.edit(message, text));
  }

  /** Takes back an own message (a moderator: anyone's); everyone sees "Message deleted". */
  delete(message: MessageRef): Promise<void> {
    return this.#conversation(this.#convo.delete(message));
  }

  // ---- lifecycle ----

  protected override willUpdate(changed: PropertyValues<this>): void {
    // `url`, `token` and `name` reach the connection before the render, so the state they
    // set (`connecting`…) is part of this update, not a second one scheduled after it
    // (lit's "change-in-update").
    const conn = this.#conn;
    // (`changed.get` is undefined for a property that did not change.)
    if (changed.get('url')) {
      // Another room: its log starts empty, and an earlier disconnect() no longer holds.
      this.#store.clear();
      conn.messenger.forget();
      this.#older.reset();
      this.#peer = '';
      conn.stopped = false;
    }
    if ((changed.has('url') || changed.has('token') || changed.has('shared')) && !conn.external && this.isConnected) {
      if (this.url && !conn.stopped) conn.autoConnect();
      else if (!this.url && conn.session) conn.leave();
    }
    if (changed.get('name') !== undefined) conn.rename(this.name);
    const list = this.#parsed(this.channels);
    if (!list.includes(this.channel)) this.channel = list[0] ?? DEFAULT_CHANNEL;
    if (changed.get('channel') !== undefined) this.#peer = '';
    const shown = this.#store.threads.get(this.#activeKey);
    if (shown) shown.unread = shown.mentionCount = 0;
    // Another thread shown: the own typing in the one left behind stops.
    this.#typing.shown(this.#activeKey);
  }

  override render() {
    const s = this.#merged(this.strings);
    const conn = this.#conn;
    const roster = conn.roster;
    const active = this.#activeKey;
    const thread = this.#store.thread(active);
    const peer = this.#peer ? this.#convo.person(this.#peer) : undefined;
    const peerName = peer ? roster.label(peer) : '';
    const people = this.participants;
    const state = conn.state;
    // Idle with a `url` is about to connect: it says so already, so a server-rendered
    // element (idle there) hydrates into the same banner it connects with.
    const banner = { connecting: s.connecting, reconnecting: s.reconnecting, offline: s.offline, idle: this.url ? s.connecting : conn.session ? '' : s.noUrl, connected: '' }[state];
    return html`<div class="frame" @keydown=${this.#onKeydown}>
      ${renderParticipants({
        people,
        roster,
        // While our own connection is down, nobody's presence is known.
        unknown: state !== 'connected',
        strings: s,
        current: this.#peer || undefined,
        unread: (id) => this.#store.threads.get(privateThread(id))?.unread,
        open: this._drawer,
        choose: (p) => this.#openPrivate(p.id),
        close: () => this.#closeDrawer(),
      })}
      <div class="main">
        <div class="bar">
          <button class="toggle" type="button" aria-expanded=${this._drawer} aria-controls="people"
            @click=${() => (this._drawer = !this._drawer)}>${format(s.participantsCount, { count: people.length })}</button>
          ${renderTabs(this.#tabs(), active, s, (key, focus) => this.#select(key, focus))}
        </div>
        ${renderStatus(banner, conn.retryIn, s, () => conn.retryNow())}
        ${peer ? html`<div class="banner" part="private-banner">${format(s.privateWith, { name: peerName })}</div>` : nothing}
        <div class="logwrap">
          <div class="log" id="log" part="log" role="log" aria-live="off" aria-labelledby=${'tab-' + active} aria-busy=${this.#older.phase === 'loading'} tabindex="0" @scroll=${this.#log.onScroll}>
            ${this.#older.olderLine(s)}
            ${thread.messages ? nothing : html`<p class="empty">${s.empty}</p>`}
            <div class="rows" @click=${this.#onLogClick} @pointerdown=${hold} @pointerup=${hold} @pointercancel=${hold}></div>
          </div>
          ${this.#log.fresh > 0 && !this.#log.pinned
            ? html`<button class="pill" part="new-messages" type="button" @click=${() => this.#log.scrollToEnd(true)}>${format(s.newMessages, { count: this.#log.fresh })}</button>`
            : nothing}
        </div>
        <div class="sr-only" aria-live="polite" id="announce"></div>
        ${this.#typing.render(active, s)}
        ${this.#composer.render(peer, peerName, banner)}
      </div>
    </div>`;
  }

  #rows = new LogRows();

  /**
   * After lit's render: the log's rows, which render-log.ts keeps in `.rows` itself, before
   * the controllers' `hostUpdated` measures them. (Not in `render()`: a server render has
   * no rows to show, and lit's hydration keeps the server's empty `.rows`.)
   */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const win = this.#log.window();
    const active = this.#activeKey;
    this.#rows.render(this.renderRoot.querySelector('.rows')!, this.#store.thread(active).items, win.start, win.end, this.#merged(this.strings), { open: this._menu, quick: this.#quick(this.reactions), features: this.features, c: this.#convo, self: this.#conn.roster.selfId }, this.#receipts.view(active));
  }

  get #convo() {
    return this.#conn.messenger.conversation;
  }

  /** A conversation action under way, a refusal of which is reported through `signal-chat-error`. */
  #conversation<T>(action: Promise<T>): Promise<T> {
    return action.catch((error: unknown) => {
      throw this.#conn.messenger.report(toChatError(error));
    });
  }

  /** A click in the log: an action of a message's menu, a chip or a quote. */
  #onLogClick = (e: MouseEvent): void => {
    const el = (e.target as Element).closest<HTMLElement>('[data-act]');
    const items = this.#store.thread(this.#activeKey).items;
    const row = items[Number(el?.closest<HTMLElement>('.m')?.dataset['i'])] as MessageRow | undefined;
    const act = el?.dataset['act'];
    const m = row?.message;
    this.#openMenu(act === 'menu' && this._menu !== m?.id ? m!.id : '');
    if (!m) return;
    if (act === 'react' || act === 'delete') (this[act] as (m: ChatMessage, key?: string) => Promise<unknown>)(m, el!.dataset['key']).catch(this.#composer.fail);
    else if (act === 'copy') void navigator.clipboard?.writeText(m.text).catch(this.#composer.fail);
    else if (act === 'reply' || act === 'edit') this.#composer.compose(act, row!);
    else if (act === 'quote') {
      // Scroll to the original and focus it.
      const i = items.indexOf(this.#convo.original(row!)!);
      this.#log.scrollToRow(i);
      focusSoon(this, `[data-i="${i}"] .act`);
    }
  };

  /**
   * Opens the menu of message `id` (focusing its first item), or closes the open one
   * ('') and puts the focus back on its button (kept by the render that follows).
   */
  #openMenu(id: string): void {
    if (!id) this.renderRoot.querySelector<HTMLElement>('[aria-expanded=true].act')?.focus();
    this._menu = id;
    if (id) focusSoon(this, '[part=menu] button');
  }

  // ---- rendering helpers ----

  /** The thread shown: a private one when a participant was chosen, else the channel's. */
  get #activeKey(): string {
    return this.#peer ? privateThread(this.#peer) : channelThread(this.channel || (this.#parsed(this.channels)[0] ?? DEFAULT_CHANNEL));
  }

  #tabs(): Tab[] {
    const tabs: Tab[] = this.#parsed(this.channels).map((c) => {
      const key = channelThread(c);
      // Its counts, when the thread has started.
      return { key, label: c, private: false, ...this.#store.threads.get(key) };
    });
    for (const [key, thread] of this.#store.threads) {
      const id = thread.peer;
      if (id === undefined || (thread.items.length === 0 && key !== this.#activeKey)) continue;
      tabs.push({ key, label: this.#convo.label(id), private: true, ...thread });
    }
    return tabs;
  }

  // ---- focus and input ----

  #select(key: string, focus: boolean): void {
    const thread = this.#store.thread(key);
    // A reply or edit belongs to the thread it was started in.
    if (this.#composer._mode) this.#composer.end();
    if (thread.peer !== undefined) this.#peer = thread.peer;
    else {
      this.#peer = '';
      this.channel = thread.channel ?? DEFAULT_CHANNEL;
    }
    this.#log.scrollToEnd(false);
    if (focus) focusSoon(this, '[role=tab][aria-selected=true]');
  }

  #openPrivate(id: string): void {
    this.#select(privateThread(id), false);
    this._drawer = false;
    focusSoon(this, 'textarea');
  }

  #closeDrawer(): void {
    this._drawer = false;
    focusSoon(this, '.toggle');
  }

  #onKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    if (this._menu) this.#openMenu('');
    else if (this._drawer) this.#closeDrawer();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'signal-chat': SignalChat;
  }
}

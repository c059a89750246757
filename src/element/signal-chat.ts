import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { MAX_DATA_BYTES, isSignalType, tooLargeMessage, utf8Length } from '../protocol/limits.js';
import { DEFAULT_CHANNEL, parseChannels, signalType } from './channels.js';
import { ChatStore, channelThread, nextKey, privateThread, type LogItem } from './chat-store.js';
import { createSession } from './create-session.js';
import { SignalChatError, toChatError } from './errors.js';
import { fire, type ChatMessage } from './events.js';
import { readMessageBody } from './message-body.js';
import { toParticipant, type Participant } from './participant.js';
import { renderComposer } from './render-composer.js';
import { LogRows, warmClock } from './render-log.js';
import { renderParticipants } from './render-participants.js';
import { renderTabs, type Tab } from './render-tabs.js';
import { listen, roster, sendSignal } from './session-adapter.js';
import type { ConnectionLike, SessionLike, SignalEventLike } from './session-like.js';
import { DEFAULT_STRINGS, format, type SignalChatStrings } from './strings.js';
import { styles } from './styles.js';
import { coversViewport, rowWindow, spacing, type RowWindow } from './windowing.js';

/** Where the element's connection stands. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Recipients for `send()`: a participant, its id, or an array of either. */
export type Recipients = Participant | string | ReadonlyArray<Participant | string>;

export interface SendOptions {
  /** Send privately to these participants instead of the whole channel. */
  to?: Recipients | undefined;
  /** The channel (signal type) to send on. Default: the active channel. */
  channel?: string | undefined;
}

/** A message the element sent: waiting for the server's `ack` and for its own echo. */
interface Outgoing {
  item: LogItem;
  thread: string;
  /** The session raised it back on our own `signal` handlers (broadcasts only). */
  echoed: boolean;
}

/** Within this distance from the end, px, the log counts as scrolled to the bottom. */
const PIN_SLACK_PX = 32;
/** How long one task may spend firing queued `signal-chat-message` events, ms. */
const FIRE_SLICE_MS = 8;

/**
 * A chat for one room of a signal-chat relay (or any OpenVidu/OpenTok-shaped session):
 * participants, channels as tabs, private threads, a log and a composer.
 *
 * @tagname signal-chat
 * @summary Embeddable chat over the OpenVidu/OpenTok signal API.
 *
 * @fires {CustomEvent<{id: string}>} signal-chat-connected - Joined the room; `id` is the own connection id.
 * @fires {CustomEvent<{reason: string}>} signal-chat-disconnected - Left the room or lost it for good (`disconnect`, `network`, `unauthorized`, …).
 * @fires {CustomEvent<{}>} signal-chat-reconnecting - The connection dropped; trying again. Messages sent now are queued.
 * @fires {CustomEvent<{}>} signal-chat-reconnected - Back in the room.
 * @fires {CustomEvent<{text: string, channel: string, to: Participant[] | null}>} signal-chat-send - Cancelable. Before a message leaves, typed or through `send()`; `preventDefault()` stops it (`send()` then rejects with code `cancelled`).
 * @fires {CustomEvent<ChatMessage>} signal-chat-message - A message was sent (once the server accepted it) or received, on any channel, history included: `{id, channel, text, from, to, private, time, history}`.
 * @fires {CustomEvent<{participant: Participant}>} signal-chat-participant-joined - Someone joined after this element connected.
 * @fires {CustomEvent<{participant: Participant}>} signal-chat-participant-left - Someone left.
 * @fires {CustomEvent<{participant: Participant}>} signal-chat-participant-status - Someone's status (e.g. name) changed.
 * @fires {CustomEvent<{code: string, message: string}>} signal-chat-error - A send failed, the connection was refused, or the session reported an error.
 *
 * @csspart participants - The participant list (a drawer when the element is narrow).
 * @csspart participant - One entry of the participant list.
 * @csspart tabs - The tab list of channels and private threads.
 * @csspart tab - One tab.
 * @csspart tab-active - The selected tab (in addition to `tab`).
 * @csspart badge - An unread count, on a tab or a participant.
 * @csspart status - The connection state banner (connecting, reconnecting, offline).
 * @csspart private-banner - The "private conversation with …" line above a private thread.
 * @csspart log - The scrolling message log.
 * @csspart message - One message.
 * @csspart own-message - A message this element sent (in addition to `message`).
 * @csspart system - A join or leave line.
 * @csspart history-divider - The line above messages replayed from the room's history.
 * @csspart new-messages - The "new messages" button shown while scrolled up.
 * @csspart composer - The form at the bottom.
 * @csspart input - The message text area.
 * @csspart send-button - The send button.
 * @csspart reason - Why the composer is disabled.
 * @csspart counter - The byte counter near the size limit.
 * @csspart error - The last send error.
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
 * @cssprop --signal-chat-radius - Corner radius of the element.
 * @cssprop --signal-chat-font-family - Font family.
 * @cssprop --signal-chat-font-size - Base font size.
 * @cssprop --signal-chat-height - Height of the element (default 480px).
 */
export class SignalChat extends LitElement {
  static override styles = styles;

  static override properties = {
    url: { type: String },
    name: { type: String },
    channels: { type: String },
    channel: { type: String, reflect: true },
    token: { type: String },
    theme: { type: String, reflect: true },
    strings: { attribute: false },
    _state: { state: true },
    _drawer: { state: true },
    _draft: { state: true },
    _error: { state: true },
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
  /** UI text to replace; see `DEFAULT_STRINGS` for the keys. */
  declare strings: Partial<SignalChatStrings>;

  declare private _state: ConnectionState;
  declare private _drawer: boolean;
  declare private _draft: string;
  declare private _error: string;

  private _store = new ChatStore();
  private _rows = new LogRows();
  private _session: SessionLike | undefined;
  /** The session was given through `.session`: the app owns its connection. */
  private _external = false;
  private _detach: (() => void) | undefined;
  /** The user called `disconnect()`: do not connect again on our own. */
  private _stopped = false;
  private _selfId = '';
  private _people = new Map<string, Participant>();
  private _conns = new Map<string, ConnectionLike>();
  private _outgoing: Outgoing[] = [];
  /** The private thread shown (a participant id), or '' for the channel `channel`. */
  private _peer = '';
  /** The log is scrolled to its end and follows new messages. */
  private _pinned = true;
  /** Messages that arrived in the shown thread while scrolled up. */
  private _fresh = 0;
  private _scrollTop = 0;
  private _viewport = 0;
  /**
   * `seq` → `time` of every message shown, so history replayed again after a rejoin is
   * not shown twice. The time is part of the key because a restarted server numbers its
   * rooms from 1 again: a message it sends later must not pass for one seen before.
   */
  private _seen = new Map<number, number | undefined>();
  /**
   * `signal-chat-message` events not fired yet. A history arrives in bulk: its events
   * fire after it is on screen, in order, a few milliseconds' worth per task, so a
   * 10,000-message history neither delays its own first paint nor blocks the page;
   * every later message event waits its turn behind them.
   */
  private _unfired: ChatMessage[] = [];
  private _unfiredAt = 0;
  private _firing: ReturnType<typeof setTimeout> | undefined;
  /** `channels` as last parsed, and the list parsed from it. */
  private _channelsParsed: [string, string[]] | undefined;
  /**
   * Senders not in the room (history, mostly) as participants, by connection: their
   * connection data is parsed once, not once per message.
   */
  private _strangers = new WeakMap<ConnectionLike, { data: string | undefined; self: boolean; participant: Participant }>();

  constructor() {
    super();
    this.url = '';
    this.name = '';
    this.channels = 'chat'; // DEFAULT_CHANNEL, written out for the manifest
    this.channel = '';
    this.token = '';
    this.theme = 'auto';
    this.strings = {};
    this._state = 'idle';
    this._drawer = false;
    this._draft = '';
    this._error = '';
  }

  // ---- public API ----

  /**
   * The session the element uses. Set it to any OpenVidu/OpenTok-shaped session (ours
   * from `signal-chat/client`, OpenVidu's, OpenTok's) to use that instead of opening a
   * connection from `url`; the app then owns connecting and disconnecting it.
   */
  get session(): SessionLike | undefined {
    return this._session;
  }

  set session(session: SessionLike | undefined) {
    if (session === this._session) return;
    this._teardown();
    if (!session) return;
    this._external = true;
    this._attach(session);
    // Already connected (OpenVidu resolves connect() before we see it): take it as is.
    if (session.connection?.connectionId) this._onConnected();
    else this._state = 'connecting';
  }

  /** Everyone in the room, this element's own connection first. */
  get participants(): Participant[] {
    const self = this._people.get(this._selfId);
    const others = [...this._people.values()].filter((p) => !p.self);
    return self ? [self, ...others] : others;
  }

  /** Every message sent or received so far, in the order they were shown. */
  get messages(): readonly ChatMessage[] {
    return [...this._store.messages];
  }

  /** Where the connection stands: `idle`, `connecting`, `connected`, `reconnecting` or `offline`. */
  get state(): ConnectionState {
    return this._state;
  }

  /**
   * Connects to `url` (closing any connection the element opened before). With a
   * `.session` given, there is nothing to open and this resolves at once.
   */
  async connect(): Promise<void> {
    this._stopped = false;
    if (this._external) return;
    this._teardown();
    if (!this.url) throw new SignalChatError('not_connected', this._strings.noUrl);
    const session = createSession(this.url, this.name, this.token || undefined);
    this._attach(session);
    this._state = 'connecting';
    try {
      await session.connect();
      if (this._session === session) this._onConnected();
    } catch (error) {
      if (this._session !== session) return;
      const e = toChatError(error);
      this._teardown();
      this._state = 'offline';
      fire(this, 'signal-chat-error', { code: e.code, message: e.message });
      throw e;
    }
  }

  /** Leaves the room (or, for a `.session` given by the app, stops using it). */
  disconnect(): void {
    this._stopped = true;
    this._leave();
  }

  private _leave(): void {
    const had = this._session !== undefined;
    const external = this._external;
    this._teardown();
    if (external) this._external = false;
    if (had) {
      this._state = 'offline';
      fire(this, 'signal-chat-disconnected', { reason: 'disconnect' });
    }
  }

  /**
   * Sends `text` to the active channel (or `options.channel`), privately when
   * `options.to` names participants. Resolves with the message once the server
   * accepted it; rejects with a `SignalChatError` whose `code` says why
   * (`cancelled` when a `signal-chat-send` listener vetoed it).
   */
  send(text: string, options: SendOptions = {}): Promise<ChatMessage> {
    try {
      return this._send(text, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // ---- lifecycle ----

  override connectedCallback(): void {
    super.connectedCallback();
    // Put back in the page after being taken out: pick the connection up again.
    if (this.hasUpdated && !this._session && this.url && !this._stopped) this._autoConnect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (!this._external) this._teardown();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const list = this._channelList;
    if (!list.includes(this.channel)) this.channel = list[0] ?? DEFAULT_CHANNEL;
    if (changed.has('channel') && changed.get('channel') !== undefined) this._peer = '';
    const shown = this._store.threads.get(this._activeKey);
    if (shown) shown.unread = 0;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('url') && changed.get('url')) {
      // Another room: its log starts empty, and an earlier disconnect() no longer holds.
      this._store.clear();
      this._seen.clear();
      this._peer = '';
      this._stopped = false;
    }
    if ((changed.has('url') || changed.has('token')) && !this._external && this.isConnected) {
      if (this.url && !this._stopped) this._autoConnect();
      else if (!this.url && this._session) this._leave();
    }
    if (changed.has('name') && changed.get('name') !== undefined && !this._external && this._state === 'connected') {
      const session = this._session;
      void Promise.resolve(session?.setStatus?.({ name: this.name }))
        .then(() => session?.connection && session === this._session && this._remember(session.connection))
        .catch(() => undefined);
    }
    this._afterRender();
  }

  override render() {
    const s = this._strings;
    const active = this._activeKey;
    const thread = this._store.thread(active);
    const items = thread.items;
    const win = this._window();
    const peer = this._peer ? this._people.get(this._peer) ?? this._ghost(this._peer) : undefined;
    const people = this.participants;
    const banner = { connecting: s.connecting, reconnecting: s.reconnecting, offline: s.offline, idle: this.url || this._session ? '' : s.noUrl, connected: '' }[this._state];
    return html`<div class="frame" @keydown=${this._onKeydown}>
      ${renderParticipants({
        people,
        strings: s,
        current: this._peer || undefined,
        unread: (id) => this._store.threads.get(privateThread(id))?.unread ?? 0,
        open: this._drawer,
        choose: (p) => this._openPrivate(p.id),
        close: () => this._closeDrawer(),
      })}
      <div class="main">
        <div class="bar">
          <button class="toggle" type="button" aria-expanded=${this._drawer ? 'true' : 'false'} aria-controls="people"
            @click=${() => (this._drawer = !this._drawer)}>${format(s.participantsCount, { count: people.length })}</button>
          ${renderTabs({ tabs: this._tabs(), active, strings: s, select: (key, focus) => this._select(key, focus) })}
        </div>
        ${banner ? html`<div class="banner" part="status" role="status">${banner}</div>` : nothing}
        ${peer ? html`<div class="banner p" part="private-banner">${format(s.privateWith, { name: peer.name })}</div>` : nothing}
        <div class="logwrap">
          <div class="log" id="log" part="log" role="log" aria-live="off" aria-labelledby=${'tab-' + active} tabindex="0" @scroll=${this._onScroll}>
            <div class="rows">${this._rows.render(items, win.start, win.end, s)}</div>
          </div>
          ${this._fresh > 0 && !this._pinned
            ? html`<button class="pill" part="new-messages" type="button" @click=${() => this._scrollToEnd(true)}>${format(s.newMessages, { count: this._fresh })}</button>`
            : nothing}
        </div>
        <div class="sr-only" aria-live="polite" id="announce"></div>
        ${renderComposer({
          strings: s,
          draft: this._draft,
          bytes: utf8Length(this._draft),
          placeholder: peer ? format(s.privatePlaceholder, { name: peer.name }) : format(s.placeholder, { channel: this.channel }),
          reason: this._composerReason(peer),
          error: this._error,
          input: (e) => this._onInput(e),
          keydown: (e) => this._onComposerKeydown(e),
          submit: (e) => {
            e.preventDefault();
            void this._submit();
          },
        })}
      </div>
    </div>`;
  }

  // ---- rendering helpers ----

  private get _strings(): SignalChatStrings {
    return { ...DEFAULT_STRINGS, ...this.strings };
  }

  /** The parsed `channels` (parsed again only when `channels` changed; do not modify it). */
  private get _channelList(): string[] {
    const parsed = this._channelsParsed;
    if (parsed && parsed[0] === this.channels) return parsed[1];
    const list = parseChannels(this.channels);
    this._channelsParsed = [this.channels, list];
    return list;
  }

  /** The rows of the shown thread to render, for the scroll position known now. */
  private _window(): RowWindow {
    const thread = this._store.thread(this._activeKey);
    return rowWindow(thread.items, thread.total, this._scrollTop, this._viewport, this._pinned);
  }

  /** The thread shown: a private one when a participant was chosen, else the channel's. */
  private get _activeKey(): string {
    return this._peer ? privateThread(this._peer) : channelThread(this.channel || (this._channelList[0] ?? DEFAULT_CHANNEL));
  }

  private _tabs(): Tab[] {
    const tabs: Tab[] = this._channelList.map((c) => {
      const key = channelThread(c);
      return { key, label: c, private: false, unread: this._store.threads.get(key)?.unread ?? 0 };
    });
    for (const [key, thread] of this._store.threads) {
      if (!key.startsWith('p:') || (thread.items.length === 0 && key !== this._activeKey)) continue;
      const id = key.slice(2);
      const p = this._people.get(id) ?? this._ghost(id);
      tabs.push({ key, label: p.name, private: true, unread: thread.unread });
    }
    return tabs;
  }

  private _composerReason(peer: Participant | undefined): string {
    const s = this._strings;
    if (this._state === 'idle') return this.url || this._session ? s.connecting : s.noUrl;
    if (this._state === 'connecting') return s.connecting;
    if (this._state === 'offline') return s.offline;
    if (peer && !this._people.has(peer.id)) return format(s.participantGone, { name: peer.name });
    return '';
  }

  /** After each render: measure the rows shown, keep the log pinned to its end. */
  private _afterRender(): void {
    const log = this.renderRoot.querySelector<HTMLElement>('.log');
    const rows = log?.firstElementChild as HTMLElement | null | undefined;
    if (!log || !rows) return;
    const thread = this._store.thread(this._activeKey);
    const items = thread.items;
    // The window render() used: nothing it depends on has changed since.
    const shown = this._window();
    let shiftAbove = 0;
    for (const row of rows.children as HTMLCollectionOf<HTMLElement>) {
      const item = items[Number(row.dataset['i'])];
      if (!item) continue;
      const h = row.offsetHeight + 2; // + its 1px block margins
      if (item.h === h) continue;
      // A row above the viewport that turned out taller or shorter moves what is in view.
      if (row.offsetTop + row.offsetHeight <= log.scrollTop) shiftAbove += h - (item.h ?? h);
      this._store.measured(thread, item, h);
    }
    const { before, after } = spacing(items, thread.total, shown.start, shown.end);
    rows.style.paddingBlockStart = `${before}px`;
    rows.style.paddingBlockEnd = `${after}px`;
    this._viewport = log.clientHeight;
    if (this._pinned) log.scrollTop = log.scrollHeight;
    else if (shiftAbove) log.scrollTop += shiftAbove;
    this._scrollTop = log.scrollTop;
    // Measuring changes the estimates, and so the window; render again only when rows in
    // view are missing. The overscan catches up with the next update (a message, a
    // scroll), which saves the burst of re-renders a large history would cause.
    if (!coversViewport(shown, items, thread.total, this._scrollTop, this._viewport, this._pinned)) this.requestUpdate();
  }

  private _onScroll = (e: Event): void => {
    const log = e.currentTarget as HTMLElement;
    const scrollTop = log.scrollTop;
    const viewport = log.clientHeight;
    const pinned = log.scrollHeight - scrollTop - viewport <= PIN_SLACK_PX;
    const fresh = pinned ? 0 : this._fresh;
    // The scroll `_afterRender` made itself (to follow the end) changes nothing: no update.
    if (scrollTop === this._scrollTop && viewport === this._viewport && pinned === this._pinned && fresh === this._fresh) return;
    this._scrollTop = scrollTop;
    this._viewport = viewport;
    this._fresh = fresh;
    this._pinned = pinned;
    this.requestUpdate();
  };

  private _scrollToEnd(focusLog: boolean): void {
    this._pinned = true;
    this._fresh = 0;
    this.requestUpdate();
    if (focusLog) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.log')?.focus());
  }

  private _select(key: string, focus: boolean): void {
    if (key.startsWith('p:')) this._peer = key.slice(2);
    else {
      this._peer = '';
      this.channel = key.slice(2);
    }
    this._scrollToEnd(false);
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[role=tab][aria-selected=true]')?.focus());
  }

  private _openPrivate(id: string): void {
    this._store.thread(privateThread(id));
    this._select(privateThread(id), false);
    this._drawer = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus());
  }

  private _closeDrawer(): void {
    this._drawer = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.toggle')?.focus());
  }

  private _onKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this._drawer) this._closeDrawer();
  };

  private _onInput(e: InputEvent): void {
    this._draft = (e.target as HTMLTextAreaElement).value;
    this._error = '';
  }

  private _onComposerKeydown(e: KeyboardEvent): void {
    // Enter sends; Shift+Enter is a new line; Enter while an IME is composing is the IME's.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    void this._submit();
  }

  private async _submit(): Promise<void> {
    const text = this._draft;
    if (!text.trim() || this._composerReason(undefined)) return;
    this._draft = '';
    this._error = '';
    try {
      await this._send(text, { channel: this.channel, to: this._peer || undefined });
    } catch (error) {
      const e = toChatError(error);
      // Give the text back, unless the user has started a new one meanwhile.
      if (!this._draft) this._draft = text;
      if (e.code !== 'cancelled') this._error = format(this._strings.sendFailed, { message: e.message });
    }
  }

  /** Announces a new message to screen readers; scrolling and history are never announced. */
  private _announce(text: string): void {
    const region = this.renderRoot.querySelector('#announce');
    if (region) region.textContent = text;
  }

  // ---- sending ----

  private async _send(text: string, options: SendOptions): Promise<ChatMessage> {
    const channel = options.channel ?? this.channel ?? DEFAULT_CHANNEL;
    if (typeof text !== 'string' || text === '') throw new SignalChatError('invalid_message', 'the message is empty');
    if (!isSignalType(channel)) throw new SignalChatError('invalid_type', `'${channel}' is not a valid channel name`);
    const to = this._recipients(options.to);
    if (!fire(this, 'signal-chat-send', { text, channel, to }, true)) {
      throw new SignalChatError('cancelled', 'a signal-chat-send listener cancelled the message');
    }
    const bytes = utf8Length(text);
    if (bytes > MAX_DATA_BYTES) {
      throw this._reportError(new SignalChatError('data_too_large', tooLargeMessage('the message', bytes, MAX_DATA_BYTES)));
    }
    const session = this._session;
    if (!session || (this._state !== 'connected' && this._state !== 'reconnecting')) {
      throw this._reportError(new SignalChatError('not_connected', 'the chat is not connected'));
    }
    const self = this._people.get(this._selfId) ?? null;
    const message: ChatMessage = { id: nextKey(), channel, text, from: self, to, private: to !== null, time: Date.now(), history: false };
    const item: LogItem = { key: message.id, kind: 'message', text, message, name: self?.name ?? this.name, own: true, pending: true };
    const thread = to ? privateThread(to[0]!.id) : channelThread(channel);
    const outgoing: Outgoing = { item, thread, echoed: false };
    this._store.add(thread, item);
    this._outgoing.push(outgoing);
    if (thread === this._activeKey) this._scrollToEnd(false);
    this.requestUpdate();
    try {
      const connections = to?.map((p) => this._conns.get(p.id) ?? { connectionId: p.id });
      await sendSignal(session, { type: channel, data: text, ...(connections ? { to: connections } : {}) });
    } catch (error) {
      this._outgoing.splice(this._outgoing.indexOf(outgoing), 1);
      this._store.remove(thread, item);
      this.requestUpdate();
      throw this._reportError(toChatError(error));
    }
    // A broadcast stays in `_outgoing` until its echo arrives (which may come first).
    if (to || outgoing.echoed) this._outgoing.splice(this._outgoing.indexOf(outgoing), 1);
    this._accepted(item);
    return message;
  }

  /** The server accepted an own message: no longer pending, reported once. */
  private _accepted(item: LogItem): void {
    if (!item.pending) return;
    item.pending = false;
    this.requestUpdate();
    this._fireMessage(item.message!);
  }

  private _fireMessage(message: ChatMessage): void {
    if (!message.history && this._unfiredAt === this._unfired.length) {
      fire(this, 'signal-chat-message', message);
      return;
    }
    this._unfired.push(message);
    this._firing ??= setTimeout(() => this._fireUnfired(), 0);
  }

  private _fireUnfired(): void {
    this._firing = undefined;
    const until = performance.now() + FIRE_SLICE_MS;
    while (this._unfiredAt < this._unfired.length && performance.now() < until) {
      fire(this, 'signal-chat-message', this._unfired[this._unfiredAt++]!);
    }
    if (this._unfiredAt < this._unfired.length) this._firing = setTimeout(() => this._fireUnfired(), 0);
    else {
      this._unfired = [];
      this._unfiredAt = 0;
    }
  }

  private _recipients(to: Recipients | undefined): Participant[] | null {
    if (to === undefined || to === null || (Array.isArray(to) && to.length === 0)) return null;
    const list = (Array.isArray(to) ? to : [to]) as Array<Participant | string>;
    return list.map((r) => {
      const id = typeof r === 'string' ? r : r?.id;
      const p = id ? this._people.get(id) : undefined;
      if (!p) throw new SignalChatError('unknown_peer', `no participant '${String(id)}' in the room`);
      return p;
    });
  }

  private _reportError(error: SignalChatError): SignalChatError {
    if (error.code !== 'cancelled') fire(this, 'signal-chat-error', { code: error.code, message: error.message });
    return error;
  }

  // ---- the session ----

  private _autoConnect(): void {
    this.connect().catch(() => undefined); // reported through signal-chat-error already
  }

  private _attach(session: SessionLike): void {
    this._session = session;
    // After the caller has started connecting: the formatter is built while the network works.
    queueMicrotask(warmClock);
    this._detach = listen(session, {
      connected: () => this._onConnected(),
      created: (c) => this._onCreated(c),
      destroyed: (c) => this._onDestroyed(c),
      statusChanged: (c) => this._onStatus(c),
      signal: (e) => this._onSignal(e),
      reconnecting: () => {
        if (this._state !== 'connected') return;
        this._state = 'reconnecting';
        fire(this, 'signal-chat-reconnecting', {});
      },
      reconnected: () => {
        if (this._state !== 'reconnecting') return;
        this._syncSelf();
        this._state = 'connected';
        fire(this, 'signal-chat-reconnected', {});
      },
      disconnected: (reason) => {
        const wasConnected = this._state !== 'offline';
        this._teardown();
        this._state = 'offline';
        if (wasConnected) fire(this, 'signal-chat-disconnected', { reason });
      },
      exception: (e) => {
        const error = toChatError(e);
        fire(this, 'signal-chat-error', { code: error.code, message: error.message });
      },
    });
  }

  /** Stops listening to the session; closes it when the element opened it. */
  private _teardown(): void {
    const session = this._session;
    this._detach?.();
    this._detach = undefined;
    this._session = undefined;
    if (session && !this._external) session.disconnect?.();
    this._external = false;
    for (const o of this._outgoing) o.item.pending = false;
    this._outgoing = [];
    this._people.clear();
    this._conns.clear();
    this._selfId = '';
    if (this._state !== 'idle') this._state = 'offline';
    this.requestUpdate();
  }

  private _onConnected(): void {
    if (this._state === 'connected') return;
    const session = this._session;
    const self = session?.connection;
    if (!session || !self) return;
    this._people.clear();
    this._conns.clear();
    this._selfId = self.connectionId;
    this._remember(self);
    // The roster is read silently: only joins after this point are news.
    for (const c of roster(session)) this._remember(c);
    this._state = 'connected';
    fire(this, 'signal-chat-connected', { id: this._selfId });
  }

  /** After a reconnection that could not pick up the old connection, the own id is new. */
  private _syncSelf(): void {
    const self = this._session?.connection;
    if (!self || self.connectionId === this._selfId) return;
    this._people.delete(this._selfId);
    this._conns.delete(this._selfId);
    this._selfId = self.connectionId;
    this._remember(self);
  }

  private _remember(c: ConnectionLike): Participant {
    const p = toParticipant(c, c.connectionId === this._selfId);
    this._people.set(p.id, p);
    this._conns.set(p.id, c);
    this.requestUpdate();
    return p;
  }

  private _onCreated(c: ConnectionLike): void {
    if (this._people.has(c.connectionId)) return;
    const p = this._remember(c);
    // Before we are in (OpenVidu announces the others while connecting) it is the roster.
    if (this._state !== 'connected' && this._state !== 'reconnecting') return;
    this._systemLine(format(this._strings.joined, { name: p.name }), null);
    fire(this, 'signal-chat-participant-joined', { participant: p });
  }

  private _onDestroyed(c: ConnectionLike): void {
    const p = this._people.get(c.connectionId);
    if (!p || p.self) return;
    this._people.delete(p.id);
    this._conns.delete(p.id);
    this._systemLine(format(this._strings.left, { name: p.name }), p.id);
    fire(this, 'signal-chat-participant-left', { participant: p });
  }

  private _onStatus(c: ConnectionLike): void {
    if (!this._people.has(c.connectionId)) return;
    const p = this._remember(c);
    fire(this, 'signal-chat-participant-status', { participant: p });
  }

  /** A quiet line in every channel, and in the private thread with `peerId` if there is one. */
  private _systemLine(text: string, peerId: string | null): void {
    const keys = this._channelList.map(channelThread);
    if (peerId && this._store.threads.has(privateThread(peerId))) keys.push(privateThread(peerId));
    for (const key of keys) this._store.add(key, { key: nextKey(), kind: 'system', text });
    this._noteNew(keys.includes(this._activeKey), false);
  }

  private _onSignal(e: SignalEventLike): void {
    const channel = signalType(e.type);
    if (!this._channelList.includes(channel)) return;
    const body = readMessageBody(e.data);
    if (!body) return;
    if (typeof e.seq === 'number') {
      if (e.history && this._seen.has(e.seq) && this._seen.get(e.seq) === e.time) return;
      this._seen.set(e.seq, e.time);
    }
    const fromConn = e.from ?? null;
    const own = fromConn !== null && fromConn.connectionId === this._selfId;
    const to = Array.isArray(e.to) && e.to.length > 0 ? e.to : null;

    if (own) {
      // Our own broadcast, raised back by the session when the server accepted it.
      const i = this._outgoing.findIndex((o) => !o.echoed && o.item.message!.channel === channel && o.item.text === body.text && !o.item.message!.private === !to);
      const o = this._outgoing[i];
      if (o) {
        o.echoed = true;
        if (e.time) o.item.message!.time = e.time;
        if (!o.item.pending) this._outgoing.splice(i, 1);
        this._accepted(o.item);
        return;
      }
    }

    const from = fromConn ? this._people.get(fromConn.connectionId) ?? this._stranger(fromConn, own) : null;
    const recipients = to?.map((c) => this._people.get(c.connectionId) ?? toParticipant(c, c.connectionId === this._selfId)) ?? null;
    const history = e.history === true;
    const message: ChatMessage = {
      id: nextKey(),
      channel,
      text: body.text,
      from,
      to: recipients,
      private: to !== null,
      time: e.time ?? Date.now(),
      history,
    };
    const name = from ? (fromConn?.status?.['name'] || !body.nickname ? from.name : body.nickname) : body.nickname ?? this._strings.server;
    // A private message goes to the thread with the other side; from the server, to the channel.
    const peerId = to && from ? (own ? recipients![0]!.id : from.id) : '';
    const thread = peerId ? privateThread(peerId) : channelThread(channel);
    this._store.add(thread, { key: message.id, kind: 'message', text: body.text, message, name, own });
    const shown = thread === this._activeKey;
    if (!shown && !history && !own) this._store.thread(thread).unread += 1;
    this._noteNew(shown, !history && !own);
    if (!history && !own) this._announce(`${name}: ${body.text}`);
    this._fireMessage(message);
  }

  /** Something was added; in the shown thread, while scrolled up, it counts for the pill. */
  private _noteNew(shown: boolean, counts: boolean): void {
    if (shown && !this._pinned && counts) this._fresh += 1;
    this.requestUpdate();
  }

  /**
   * The sender of a signal who is not (or no longer) in the room. A connection without a
   * status object is read from its `data` string, which a history replays for every
   * message of one sender: parsed once per connection and `data`.
   */
  private _stranger(c: ConnectionLike, self: boolean): Participant {
    if (c.status && typeof c.status === 'object') return toParticipant(c, self);
    const known = this._strangers.get(c);
    if (known && known.data === c.data && known.self === self && known.participant.id === c.connectionId) return known.participant;
    const participant = toParticipant(c, self);
    this._strangers.set(c, { data: c.data, self, participant });
    return participant;
  }

  /** A participant who is no longer in the room (for the thread with them). */
  private _ghost(id: string): Participant {
    return this._store.named(id) ?? { id, name: id.slice(0, 8), status: {}, self: false };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'signal-chat': SignalChat;
  }
}

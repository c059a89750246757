/**
 * Messages both ways: a received signal becomes a log row and a `signal-chat-message`
 * event; a message sent becomes a pending row, a signal, and once the server accepted
 * it (and the session raised it back on its own handlers) one event.
 */
import { MAX_DATA_BYTES, isSignalType, tooLargeMessage, utf8Length } from '../protocol/limits.js';
import { DEFAULT_CHANNEL, signalType } from './channels.js';
import type { ChatContext } from './chat-context.js';
import { channelThread, nextKey, privateThread, type MessageRow } from './chat-store.js';
import { Conversation, type MessageRef } from './conversation-controller.js';
import { SignalChatError, toChatError } from './errors.js';
import { fire, type ChatMessage } from './events.js';
import { mentionsIn } from './mention-picker.js';
import { readMessageBody } from './message-body.js';
import { toParticipant, type Participant } from './participant.js';
import type { Roster } from './roster.js';
import { sendSignal } from './session-adapter.js';
import type { SessionLike, SignalEventLike } from './session-like.js';

/** Recipients for `send()`: a participant, its id, or an array of either. */
export type Recipients = Participant | string | ReadonlyArray<Participant | string>;

export interface SendOptions {
  /** Send privately to these participants instead of the whole channel. */
  to?: Recipients | undefined;
  /** The channel (signal type) to send on. Default: the active channel. */
  channel?: string | undefined;
  /** The message this one answers (a `ChatMessage` or its `id`): receivers show a quote of it. */
  replyTo?: MessageRef | undefined;
}

/** A message the element sent: waiting for the server's `ack` and for its own echo. */
interface Outgoing {
  item: MessageRow;
  thread: string;
  /** The session raised it back on our own `signal` handlers (broadcasts only). */
  echoed: boolean;
}

/** What the messenger needs to know about the connection. */
export interface Link {
  readonly session: SessionLike | undefined;
  /** A message may be sent now (connected, or reconnecting: it is queued). */
  readonly open: boolean;
  readonly roster: Roster;
  /** This side's identity is verified by a token (see `isOwnHistory`). */
  readonly verified: boolean;
}

export class Messenger {
  #outgoing: Outgoing[] = [];
  /**
   * `seq` → `time` of every message shown, so history replayed again after a rejoin is
   * not shown twice. The time is part of the key because a restarted server numbers its
   * rooms from 1 again: a message it sends later must not pass for one seen before.
   */
  #seen = new Map<number, number | undefined>();

  readonly #ctx: ChatContext;
  readonly #link: Link;
  /** Reactions, replies, edits and deletes. */
  readonly conversation: Conversation;

  constructor(ctx: ChatContext, link: Link) {
    this.#ctx = ctx;
    this.#link = link;
    this.conversation = new Conversation(ctx, link, this.deliver);
  }

  /** Another room: nothing seen there yet. */
  forget(): void {
    this.#seen.clear();
    this.conversation.clear();
  }

  /** The connection is gone: what was pending will not be accepted on it. */
  drop(): void {
    for (const o of this.#outgoing) o.item.pending = false;
    this.#outgoing = [];
  }

  /** `picked`: whom the composer's @ list inserted, for two people of one name (mention-picker.ts). */
  async send(text: string, options: SendOptions, active: string, picked: ReadonlyMap<string, string> = new Map()): Promise<ChatMessage> {
    const host = this.#ctx.host;
    const channel = options.channel ?? active ?? DEFAULT_CHANNEL;
    if (typeof text !== 'string' || text === '') throw new SignalChatError('invalid_message', 'the message is empty');
    if (!isSignalType(channel)) throw new SignalChatError('invalid_type', `'${channel}' is not a valid channel name`);
    const to = this.#recipients(options.to);
    const conversation = this.conversation;
    const original = options.replyTo === undefined ? undefined : conversation.need(options.replyTo);
    if (!fire(host, 'signal-chat-send', { text, channel, to }, true)) {
      throw new SignalChatError('cancelled', 'a signal-chat-send listener cancelled the message');
    }
    const { roster } = this.#link;
    const self = roster.self ?? null;
    const message: ChatMessage = { id: nextKey(), channel, text, from: self, to, private: to !== null, time: Date.now(), history: false };
    const item: MessageRow = { key: message.id, kind: 'message', message, name: self?.name ?? host.name, own: true, pending: true, continued: false };
    const thread = to ? privateThread(to[0]!.id) : channelThread(channel);
    const outgoing: Outgoing = { item, thread, echoed: false };
    try {
      await this.deliver(channel, text, to, 'the message', () => {
        this.#ctx.store.add(thread, item);
        this.#outgoing.push(outgoing);
        if (thread === this.#ctx.activeKey()) this.#ctx.log.scrollToEnd(false);
        host.requestUpdate();
      });
    } catch (error) {
      const i = this.#outgoing.indexOf(outgoing);
      if (i >= 0) {
        this.#outgoing.splice(i, 1);
        this.#ctx.store.remove(thread, item);
        host.requestUpdate();
      }
      throw this.report(toChatError(error));
    }
    // A broadcast stays in `_outgoing` until its echo arrives (which may come first).
    if (to || outgoing.echoed) this.#outgoing.splice(this.#outgoing.indexOf(outgoing), 1);
    this.#accepted(outgoing);
    // What the text cannot say rides in a meta: the message it answers, whom it names as @Name.
    const mentions = mentionsIn(text, roster.participants, picked);
    if (original || mentions.length) await conversation.meta(item, original, mentions).catch((e: unknown) => this.report(toChatError(e)));
    return message;
  }

  /**
   * Sends signal `type` with `data` to `to` (null: everyone) once it fits the limit (`what`
   * names it in the refusal) and the chat is connected; `added` runs between those checks
   * and the send. Throws what went wrong, unreported.
   */
  deliver = async (type: string, data: string, to: readonly Participant[] | null, what: string, added?: () => void): Promise<void> => {
    const bytes = utf8Length(data);
    if (bytes > MAX_DATA_BYTES) throw new SignalChatError('data_too_large', tooLargeMessage(what, bytes, MAX_DATA_BYTES));
    const { session, roster, open } = this.#link;
    if (!session || !open) throw new SignalChatError('not_connected', 'the chat is not connected');
    added?.();
    await sendSignal(session, { type, data, ...roster.signalTo(to?.map((p) => p.id)) });
  };

  /** Fires `signal-chat-error` for `error` (not for a veto; the session controller's errors too) and returns it. */
  report(error: SignalChatError): SignalChatError {
    if (error.code !== 'cancelled') fire(this.#ctx.host, 'signal-chat-error', { code: error.code, message: error.message });
    return error;
  }

  /** The server accepted an own message: no longer pending, reported once, and read up to there. */
  #accepted({ item, thread }: Outgoing): void {
    if (!item.pending) return;
    item.pending = false;
    this.conversation.shown(item);
    this.#ctx.host.requestUpdate();
    this.#ctx.pump.push(item.message, true);
    this.#ctx.reads.read(thread, item);
  }

  #recipients(to: Recipients | undefined): Participant[] | null {
    const list = to == null ? [] : ([to].flat() as Array<Participant | string>);
    return !list.length ? null : list.map((r) => {
      const id = typeof r === 'string' ? r : r?.id;
      const p = id ? this.#link.roster.people.get(id) : undefined;
      if (!p) throw new SignalChatError('unknown_peer', `no participant '${String(id)}' in the room`);
      return p;
    });
  }

  /**
   * Shows a received signal that is a message of a shown channel. `place` puts its row in
   * the log: at the end of its thread, unless it comes from a page of older history.
   */
  receive(e: SignalEventLike, place?: (thread: string, row: MessageRow) => void): void {
    const ctx = this.#ctx;
    const channel = signalType(e.type);
    if (!ctx.channels().includes(channel)) {
      this.conversation.receive(e, channel);
      return;
    }
    const body = readMessageBody(e.data);
    if (!body) return;
    const history = e.history === true;
    const s = ctx.strings();
    if (typeof e.seq === 'number') {
      if (history && this.#seen.has(e.seq) && this.#seen.get(e.seq) === e.time) return;
      this.#seen.set(e.seq, e.time);
    }
    const roster = this.#link.roster;
    const fromConn = e.from ?? null;
    const fromSelf = fromConn?.connectionId === roster.selfId;
    const to = Array.isArray(e.to) && e.to.length > 0 ? e.to : null;

    if (fromSelf && this.#echo(channel, body.text, to !== null, e)) return;

    const own = fromSelf || (history && this.#isOwnHistory(e));
    let from: Participant | null = null;
    if (fromConn) {
      from = roster.people.get(fromConn.connectionId) ?? roster.stranger(fromConn, own);
      // A sender no longer here is named by the history frame, when it carries the name.
      if (e.name && !roster.people.has(from.id)) from = { ...from, name: e.name };
    }
    const recipients = to?.map((c) => roster.people.get(c.connectionId) ?? toParticipant(c, c.connectionId === roster.selfId)) ?? null;
    const message: ChatMessage = { id: nextKey(), channel, text: body.text, from, to: recipients, private: to !== null, time: e.time ?? Date.now(), history };
    const name = from ? (fromConn?.status?.['name'] || !body.nickname ? roster.label(from) : body.nickname) : body.nickname ?? s.server;
    // A private message goes to the thread with the other side; from the server, to the channel.
    const peerId = recipients && from ? (own ? recipients[0]!.id : from.id) : '';
    const thread = peerId ? privateThread(peerId) : channelThread(channel);
    const item: MessageRow = { key: message.id, kind: 'message', message, name, own, pending: false, continued: false, seq: e.seq };
    // Replayed, but sent after this reader's last visit: unread as much as a live one.
    const missed = ctx.reads.arrive(thread, item, history);
    if (place) place(thread, item);
    else ctx.store.add(thread, item);
    this.conversation.shown(item, typeof e.data === 'string' ? e.data : body.text);
    const shown = thread === ctx.activeKey();
    const news = !history && !own;
    if ((item.counted = !shown && (news || missed) && ctx.store.thread(thread))) item.counted.unread += 1;
    ctx.log.noteNew(shown, news);
    if (news) ctx.announce(`${name}: ${body.text}`);
    ctx.pump.push(message, !history);
  }

  /** Our own broadcast, raised back by the session when the server accepted it. */
  #echo(channel: string, text: string, targeted: boolean, { time, seq }: SignalEventLike): boolean {
    const i = this.#outgoing.findIndex((o) => !o.echoed && o.item.message.channel === channel && o.item.message.text === text && o.item.message.private === targeted);
    const o = this.#outgoing[i];
    if (!o) return false;
    o.echoed = true;
    if (time) o.item.message.time = time;
    o.item.seq = seq;
    if (!o.item.pending) this.#outgoing.splice(i, 1);
    this.#accepted(o);
    return true;
  }

  /**
   * A replayed message is one's own when the relay recorded the sender's name with it
   * and that name is this side's name, with the same standing: both verified by a token,
   * or both not (the README's element section says why).
   */
  #isOwnHistory(e: SignalEventLike): boolean {
    const self = this.#link.roster.self;
    return e.name !== undefined && self !== undefined && e.name === self.name && (e.verified === true) === this.#link.verified;
  }
}

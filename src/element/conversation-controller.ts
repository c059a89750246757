/**
 * Reactions, replies, edits and deletes between the element and the session: convention
 * signals in (read without zod, folded by conversation.ts onto the log's rows, reported
 * as DOM events) and out (`react()`, `edit()`, `delete()` and a reply's meta).
 */
import { conventionType, isReactionKey, readConvention, splitConventionType, type ConventionBodies, type ConventionKind } from '../protocol/read-convention.js';
import type { ChatContext } from './chat-context.js';
import type { LogItem, MessageRow } from './chat-store.js';
import { ConversationFold, excerpt, isModerator, threadOf, type Annotation, type Applied } from './conversation.js';
import { SignalChatError } from './errors.js';
import { fire, type ChatMessage } from './events.js';
import { mentionsIn } from './mention-picker.js';
import type { Participant } from './participant.js';
import type { Roster } from './roster.js';
import type { Messenger } from './messenger.js';
import type { SessionLike, SignalEventLike } from './session-like.js';

/** A message as `react()`, `edit()`, `delete()` and `send(…, { replyTo })` take it: the object or its `id`. */
export type MessageRef = ChatMessage | string;

/** The thread a shown message's id counts in (conversation.ts `threadOf`). */
const threadOfRow = ({ message: m }: MessageRow): string => threadOf(m.channel, m.from?.id, m.to?.map((p) => p.id));

/** The fold (conversation.ts) of the element's log, with the session on either side of it. */
export class Conversation extends ConversationFold {
  constructor(
    private readonly ctx: ChatContext,
    private readonly link: { readonly session: SessionLike | undefined; readonly roster: Roster },
    private readonly deliver: Messenger['deliver'],
  ) {
    super((peer) => link.roster.conns.get(peer)?.role);
  }

  get #roster(): Roster {
    return this.link.roster;
  }

  /** This side may delete anyone's message (its token role is moderator). */
  get moderates(): boolean {
    return isModerator(this.link.session?.connection?.role);
  }

  /**
   * Whether this side sent `row`'s message from its present connection: the one case
   * receivers take its edit or delete (they check `from`, and a connection that was not
   * picked up after a reconnection has a new id). Not once deleted.
   */
  mine(row: LogItem): boolean {
    // Only a message row has conventions (`c`).
    const { c, message } = row as MessageRow;
    return !!c && !c.deleted && message.from?.id === this.#roster.selfId;
  }

  /** Someone by connection id: in the room, named by an earlier message, or a stand-in for one who left unnamed. */
  person(id: string): Participant {
    return this.#roster.people.get(id) ?? this.ctx.store.named(id) ?? { id, name: id.slice(0, 8), status: {}, self: false };
  }

  /** The name to show for connection `id`. */
  label(id: string): string {
    return this.#roster.label(this.person(id));
  }

  /** A message row is on screen with its sender known (an own one once accepted); `data` is the raw signal data its id comes from. */
  shown(row: MessageRow, data = row.message.text): void {
    const m = row.message;
    const added = this.add(threadOfRow(row), m.from?.id ?? null, data, m.text, row);
    row.c = added[0];
    for (const a of added[1]) this.#report(a, !m.history);
  }

  /** The row of the message `row` answers, when it is shown here. */
  original(row: MessageRow): MessageRow | undefined {
    const id = row.c?.replyTo?.id;
    return (id && this.find(threadOfRow(row), id)?.ref) as MessageRow | undefined;
  }

  /** Reads a signal of type `type` as a convention of a shown channel. */
  receive(e: SignalEventLike, type: string): void {
    const [channel, kind] = splitConventionType(type) ?? [];
    const body = kind && this.ctx.channels().includes(channel!) && readConvention(kind, e.data);
    const from = e.from?.connectionId ?? null;
    const applied = body && this.annotate(threadOf(channel!, from, e.to?.length ? e.to.map((c) => c.connectionId) : undefined), { kind, payload: body, from } as Annotation);
    if (applied) this.#report(applied, !e.history);
  }

  /** Sets the own reaction `key` on a message (`on` absent: toggles it). */
  async react(ref: MessageRef, key: string, on?: boolean): Promise<void> {
    const row = this.need(ref);
    if (!isReactionKey(key)) throw new SignalChatError('invalid_message', 'a reaction is 1–16 UTF-8 bytes');
    const self = this.#roster.selfId;
    const mine = [...(row.c!.reactions ?? [])].flatMap(([k, people]) => (people.includes(self) ? [k] : []));
    const has = mine.includes(key);
    if ((on ?? !has) !== has) await this.#send(row, 'react', { keys: has ? mine.filter((k) => k !== key) : [...mine, key] });
  }

  /** Replaces the text of an own message. */
  async edit(ref: MessageRef, text: string): Promise<ChatMessage> {
    const row = this.need(ref, true);
    if (typeof text !== 'string' || !text.trim()) throw new SignalChatError('invalid_message', 'the message is empty');
    await this.#send(row, 'edit', { text });
    return row.message;
  }

  /** Takes a message back: an own one, or anyone's for a moderator. */
  async delete(ref: MessageRef): Promise<void> {
    await this.#send(this.need(ref, !this.moderates), 'delete', {});
  }

  /** After an own message was accepted: says which message it answers (`original`'s) and whom it mentions. */
  async meta(row: MessageRow, original: MessageRow | undefined, mentions: string[]): Promise<void> {
    const o = original;
    // Absent fields (undefined) stay out of the JSON.
    await this.#send(row, 'meta', {
      replyTo: o && { id: o.c!.id, excerpt: excerpt(o.message.text), ...(o.message.from && { name: o.name }) },
      mentions: mentions.length ? mentions : undefined,
    });
  }

  /**
   * The row of a message given as object or id, shown here and not deleted (`own`: sent by
   * this side's connection); throws when there is none.
   */
  need(ref: MessageRef, own = false): MessageRow {
    // A scan, not an index kept per message: a message is looked up only when someone acts
    // on it, while every message of a 10,000-message history is shown.
    const id = typeof ref === 'string' ? ref : ref?.id;
    let row: MessageRow | undefined;
    for (const thread of this.ctx.store.threads.values()) row ??= thread.items.find((r): r is MessageRow => r.kind === 'message' && r.message.id === id);
    if (!row?.c || row.c.deleted) throw new SignalChatError('invalid_message', 'no such message here');
    if (own && !this.mine(row)) throw new SignalChatError('forbidden', 'not your message');
    return row;
  }

  /**
   * Sends a convention signal in the message's thread. A broadcast comes back on the
   * session's own handlers (as every session does) and is folded then; a private one
   * does not, so it is folded here once accepted.
   */
  async #send<K extends ConventionKind>(row: MessageRow, kind: K, rest: Omit<ConventionBodies[K], 'id'>): Promise<void> {
    const m = row.message;
    const self = this.#roster.selfId;
    const body = { id: row.c!.id, ...rest };
    const others = m.to && [m.from!, ...m.to].filter((p) => p.id !== self);
    await this.deliver(conventionType(m.channel, kind), JSON.stringify(body), others, `the ${kind}`);
    const applied = others && this.annotate(threadOfRow(row), { kind, payload: body, from: self } as Annotation);
    if (applied) this.#report(applied, true);
  }

  /**
   * What an annotation changed, on screen and as a DOM event (`signal-chat-reaction`,
   * `-edit`, `-delete`; a meta fires none, its mentions of this user count instead): after the events before it (a history's fire
   * once it is on screen, as `signal-chat-message` does), at once when `live`.
   */
  #report(a: Applied, live: boolean): void {
    const { kind, convo } = a;
    const { text, deleted, replyTo } = convo;
    const row = convo.ref as MessageRow;
    const m = row.message;
    const host = this.ctx.host;
    host.requestUpdate();
    if (kind === 'meta') {
      m.replyTo = replyTo && { ...replyTo, id: this.original(row)?.message.id };
      // It names the people its message mentions. One of them this user (not in an own
      // message): the row is highlighted, counted on its tab apart from the unread count
      // while another thread is shown (as the message itself was), and notified when live.
      // This user is the own connection id; after a reload it has a new one and the
      // history's meta names the old one: a mention of someone no longer in the room counts
      // when the text says "@<own name>", the rule one's own earlier messages follow (with
      // tokens a name is an identity; without, anyone of the same name is taken for this user).
      const ids = convo.mentions ?? [];
      const { people, self } = this.#roster;
      if (self && !row.own && (ids.includes(self.id) || (m.history && ids.some((id) => !people.has(id)) && mentionsIn(m.text, [{ ...self, self: false }], new Map()).length))) {
        row.mention = true;
        if (row.counted) row.counted.mentionCount++;
        if (live) this.ctx.mentioned(m);
      }
      return;
    }
    if (kind !== 'react') Object.assign(m, deleted ? { text, deleted } : { text, edited: true });
    const keys = kind === 'react' && a.payload.keys;
    this.ctx.pump.push(() => {
      // Who it was is looked up when the event fires: a history's, after it is on screen.
      const d = { message: m, from: a.from === null ? null : this.person(a.from) };
      keys ? fire(host, 'signal-chat-reaction', { ...d, keys }) : kind === 'edit' ? fire(host, 'signal-chat-edit', { ...d, text }) : fire(host, 'signal-chat-delete', d);
    }, live);
  }
}

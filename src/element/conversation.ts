/**
 * The conversation fold: reactions, edits, deletes and replies applied to the messages
 * of a log, in the order they arrive (live or from history, which is in order, so a
 * late joiner ends where someone who was there did). Pure data, no lit, no DOM.
 *
 * Who may do what is checked here against the signal's server-set `from`, never a
 * field of the body: an edit and a meta only from the message's sender, a delete from
 * the sender or a peer whose token role (given by `roleOf`) is moderator.
 */
import { utf8Length } from '../protocol/limits.js';
import { MessageIds, type Numbered } from '../protocol/message-id.js';
import { MAX_EXCERPT_BYTES, MAX_KEYS_PER_MESSAGE, type ConventionBodies, type ConventionKind, type ReplyTo } from '../protocol/read-convention.js';

/** Annotations waiting for a message not (yet) shown: at most this many … */
export const PENDING_MAX = 200;
/** … for at most this long (ms); then they are dropped silently. */
export const PENDING_MS = 60_000;

/** What the conventions say about one message. */
export interface Convo extends Numbered {
  /** The id every receiver derives (protocol/message-id.ts). */
  id: string;
  /** The sender's connection id; `null` for the server. */
  readonly author: string | null;
  /** The text now: the original, or the latest edit. */
  text: string;
  edited?: boolean;
  deleted?: boolean;
  /** Key → who reacted with it, in the order they did; keys in the order first used. Absent until the first reaction. */
  reactions?: Map<string, string[]>;
  replyTo?: ReplyTo | undefined;
  mentions?: string[] | undefined;
  /** Counts changes, so a row knows to render again. */
  rev: number;
  /** What the caller keeps with it (the element: its log row). */
  ref?: unknown;
}

/** One annotation: its kind, its body (`payload`) and who sent it (`null`: the server). */
export type Annotation = { [K in ConventionKind]: { kind: K; payload: ConventionBodies[K]; from: string | null } }[ConventionKind];

/** An annotation that changed a message. */
export type Applied = Annotation & { convo: Convo };

/**
 * The thread a message's id is counted in, the same string for its sender and every
 * receiver: the channel, and for a private message the sorted set of sender and recipients.
 */
export const threadOf = (channel: string, from?: string | null, to?: readonly string[] | null): string =>
  to ? `${channel}\n${[...new Set([from ?? '', ...to])].sort().join(' ')}` : channel;

export const isModerator = (role: string | undefined): boolean => role?.toLowerCase() === 'moderator';

/** The start of `text` for a reply's quote: whole characters, at most MAX_EXCERPT_BYTES. */
export function excerpt(text: string): string {
  let chars = [...text].slice(0, 100);
  while (utf8Length(chars.join('')) > MAX_EXCERPT_BYTES) chars.pop();
  return chars.join('');
}

export class ConversationFold {
  /** Per thread, each message's id and what is known of it. */
  #messages = new MessageIds<Convo>();
  /** Annotations waiting for their message, oldest first, with its key (thread and message id) and their arrival time. */
  #pending: Array<Annotation & { key: string; at: number }> = [];

  constructor(
    readonly roleOf: (peer: string) => string | undefined,
    readonly now: () => number = Date.now,
  ) {}

  /**
   * A message is shown: gives it its id (from the raw signal `data`) and applies what was
   * waiting for it. Returns the message (with `ref`, what the caller keeps with it) and what
   * applied, in the order it came.
   */
  add(thread: string, sender: string | null, data: string, text = data, ref?: unknown): [Convo, Applied[]] {
    const convo = this.#messages.add(thread, sender, data, { id: '', author: sender, text, rev: 0, ref });
    // Most messages have nothing waiting for them.
    if (!this.#pending.length) return [convo, []];
    const key = `${thread}\n${convo.id}`;
    const fresh = this.now() - PENDING_MS;
    const waiting = this.#pending.filter((p) => p.key === key && p.at >= fresh);
    this.#pending = this.#pending.filter((p) => p.key !== key);
    return [convo, waiting.flatMap((p) => this.#apply(convo, p) ?? [])];
  }

  /** The message `id` of `thread`, if shown. */
  find(thread: string, id: string): Convo | undefined {
    return this.#messages.get(thread, id);
  }

  /**
   * An annotation arrived. Returns what it changed, or undefined when it changed
   * nothing, was not allowed, or waits for its message (the oldest waiting go first
   * beyond PENDING_MAX, and any after PENDING_MS).
   */
  annotate(thread: string, a: Annotation): Applied | undefined {
    const convo = this.find(thread, a.payload.id);
    if (convo) return this.#apply(convo, a);
    const at = this.now();
    this.#pending = [...this.#pending.filter((p) => p.at >= at - PENDING_MS).slice(1 - PENDING_MAX), { ...a, key: `${thread}\n${a.payload.id}`, at }];
    return undefined;
  }

  /** Another room or a fresh log. */
  clear(): void {
    this.#messages.clear();
    this.#pending = [];
  }

  #apply(convo: Convo, a: Annotation): Applied | undefined {
    const { from } = a;
    const bySender = from === convo.author;
    const changed =
      !convo.deleted &&
      (a.kind === 'react'
        ? from !== null && react((convo.reactions ??= new Map()), from, a.payload.keys)
        : a.kind === 'edit'
          ? bySender && a.payload.text !== convo.text && !!Object.assign(convo, a.payload, { edited: true })
          : a.kind === 'delete'
            ? (bySender || (from !== null && isModerator(this.roleOf(from)))) && !!Object.assign(convo, { deleted: true, text: '', replyTo: undefined, reactions: undefined })
            : // A body's id is the message's own. A read marker (receipts.ts) names a message too, but changes nothing in it.
              a.kind === 'meta' && bySender && !!Object.assign(convo, a.payload));
    if (!changed) return undefined;
    convo.rev++;
    return { ...a, convo };
  }
}

/**
 * Replaces `person`'s reaction set with `keys` (duplicates once). A key new to the
 * message is taken only while it has fewer than MAX_KEYS_PER_MESSAGE. Returns whether
 * anything changed.
 */
function react(reactions: Map<string, string[]>, person: string, keys: readonly string[]): boolean {
  const before = JSON.stringify([...reactions]);
  for (const [key, people] of reactions) {
    const i = people.indexOf(person);
    if (i >= 0 && !keys.includes(key)) {
      people.splice(i, 1);
      if (!people.length) reactions.delete(key);
    }
  }
  for (const key of keys) {
    const people = reactions.get(key);
    if (people) people.includes(person) || people.push(person);
    else if (reactions.size < MAX_KEYS_PER_MESSAGE) reactions.set(key, [person]);
  }
  return JSON.stringify([...reactions]) !== before;
}

/**
 * The conversation fold: reactions, edits, deletes and replies applied to the messages
 * of a log, in the order they arrive (live or from history, which is in order, so a
 * late joiner ends where someone who was there did). Pure data, no lit, no DOM.
 *
 * Who may do what is checked here against the signal's server-set `from`, never a
 * field of the body: an edit and a meta only from the message's sender, a delete from
 * the sender or a peer whose token role (given by `roleOf`) is moderator.
 */
import { MessageIds } from '../protocol/message-id.js';
import { MAX_KEYS_PER_MESSAGE, type ConventionBodies, type ConventionKind, type ReplyTo } from '../protocol/read-convention.js';

/** Annotations waiting for a message not (yet) shown: at most this many … */
export const PENDING_MAX = 200;
/** … for at most this long (ms); then they are dropped silently. */
export const PENDING_MS = 60_000;

/** What the conventions say about one message. */
export interface Convo {
  /** The id every receiver derives (protocol/message-id.ts). */
  readonly id: string;
  /** The sender's connection id; `null` for the server. */
  readonly sender: string | null;
  /** The text now: the original, or the latest edit. */
  text: string;
  edited?: boolean;
  deleted?: boolean;
  /** Key → who reacted with it, in the order they did; keys in the order first used. */
  reactions: Map<string, string[]>;
  replyTo?: ReplyTo | undefined;
  mentions?: string[] | undefined;
  /** Counts changes, so a row knows to render again. */
  rev: number;
}

/** One annotation that changed a message. */
export type Applied = { [K in ConventionKind]: { kind: K; body: ConventionBodies[K]; convo: Convo; from: string | null } }[ConventionKind];

interface Pending {
  kind: ConventionKind;
  body: ConventionBodies[ConventionKind];
  from: string | null;
  at: number;
}

/**
 * The thread a message's id is counted in, the same string for its sender and every
 * receiver: the channel, and for a private message the sorted set of sender and recipients.
 */
export function threadOf(channel: string, from: string | null, to: readonly string[] | null): string {
  return to ? `${channel}\n${[...new Set([from ?? '', ...to])].sort().join(' ')}` : channel;
}

export const isModerator = (role: string | undefined): boolean => role?.toLowerCase() === 'moderator';

export class ConversationFold {
  #ids = new MessageIds();
  #messages = new Map<string, Convo>();
  #pending = new Map<string, Pending[]>();
  #waiting = 0;

  constructor(
    readonly roleOf: (peer: string) => string | undefined,
    readonly now: () => number = Date.now,
  ) {}

  /**
   * A message is shown: gives it its id and what was waiting for it. Returns the
   * message and the annotations that applied on arrival (in the order they came).
   */
  add(thread: string, sender: string | null, text: string): [Convo, Applied[]] {
    const id = this.#ids.next(thread, sender, text);
    const convo: Convo = { id, sender, text, reactions: new Map(), rev: 0 };
    const key = `${thread}\n${id}`;
    this.#messages.set(key, convo);
    const applied: Applied[] = [];
    const waiting = this.#pending.get(key);
    if (waiting) {
      this.#pending.delete(key);
      this.#waiting -= waiting.length;
      const fresh = this.now() - PENDING_MS;
      for (const p of waiting) {
        const a = p.at >= fresh && this.#apply(convo, p.kind, p.body, p.from);
        if (a) applied.push(a);
      }
    }
    return [convo, applied];
  }

  /** The message `id` of `thread`, if shown. */
  find(thread: string, id: string): Convo | undefined {
    return this.#messages.get(`${thread}\n${id}`);
  }

  /**
   * An annotation arrived from `from` (server-set; `null`: the server). Returns what it
   * changed, or undefined when it changed nothing, was not allowed, or waits for its message.
   */
  annotate<K extends ConventionKind>(thread: string, kind: K, body: ConventionBodies[K], from: string | null): Applied | undefined {
    const key = `${thread}\n${body.id}`;
    const convo = this.#messages.get(key);
    if (convo) return this.#apply(convo, kind, body, from);
    this.#wait(key, { kind, body, from, at: this.now() });
    return undefined;
  }

  /** Another room or a fresh log. */
  clear(): void {
    this.#ids.clear();
    this.#messages.clear();
    this.#pending.clear();
    this.#waiting = 0;
  }

  #wait(key: string, p: Pending): void {
    // Drop what has waited too long, then the oldest while over the count.
    const stale = p.at - PENDING_MS;
    for (const [k, list] of this.#pending) {
      const keep = list.filter((q) => q.at >= stale);
      this.#waiting -= list.length - keep.length;
      if (keep.length) this.#pending.set(k, keep);
      else this.#pending.delete(k);
    }
    while (this.#waiting >= PENDING_MAX) {
      const [k, list] = this.#pending.entries().next().value as [string, Pending[]];
      list.shift();
      this.#waiting--;
      if (!list.length) this.#pending.delete(k);
    }
    const list = this.#pending.get(key);
    if (list) list.push(p);
    else this.#pending.set(key, [p]);
    this.#waiting++;
  }

  #apply(convo: Convo, kind: ConventionKind, body: ConventionBodies[ConventionKind], from: string | null): Applied | undefined {
    if (convo.deleted) return undefined;
    const bySender = from === convo.sender;
    let changed = false;
    if (kind === 'react') {
      if (from === null) return undefined;
      changed = react(convo.reactions, from, (body as ConventionBodies['react']).keys);
    } else if (kind === 'edit') {
      const text = (body as ConventionBodies['edit']).text;
      changed = bySender && text !== convo.text;
      if (changed) {
        convo.text = text;
        convo.edited = true;
      }
    } else if (kind === 'delete') {
      changed = bySender || (from !== null && isModerator(this.roleOf(from)));
      if (changed) {
        convo.deleted = true;
        convo.text = '';
        convo.reactions.clear();
        convo.replyTo = undefined;
      }
    } else if (kind === 'meta' && bySender) {
      const meta = body as ConventionBodies['meta'];
      convo.replyTo = meta.replyTo;
      convo.mentions = meta.mentions;
      changed = true;
    }
    if (!changed) return undefined;
    convo.rev++;
    return { kind, body, convo, from } as Applied;
  }
}

/**
 * Replaces `person`'s reaction set with `keys` (duplicates once). A key new to the
 * message is taken only while it has fewer than MAX_KEYS_PER_MESSAGE. Returns whether
 * anything changed.
 */
function react(reactions: Map<string, string[]>, person: string, keys: readonly string[]): boolean {
  const wanted = new Set(keys);
  let changed = false;
  for (const [key, people] of reactions) {
    const i = people.indexOf(person);
    if (i >= 0 && !wanted.has(key)) {
      people.splice(i, 1);
      if (!people.length) reactions.delete(key);
      changed = true;
    }
  }
  for (const key of wanted) {
    const people = reactions.get(key);
    if (people?.includes(person)) continue;
    if (people) people.push(person);
    else if (reactions.size < MAX_KEYS_PER_MESSAGE) reactions.set(key, [person]);
    else continue;
    changed = true;
  }
  return changed;
}

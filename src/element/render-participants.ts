import { html, nothing, type TemplateResult } from 'lit';
import type { Participant } from './participant.js';
import type { Roster } from './roster.js';
import { format, type SignalChatStrings } from './strings.js';

export interface ParticipantsView {
  people: Participant[];
  /** Its `label` is the name to show (equal names told apart). */
  roster: Roster;
  /** Our own connection is down: whether the others are still there is not known. */
  unknown: boolean;
  strings: SignalChatStrings;
  /** The participant whose private thread is shown, if any. */
  current: string | undefined;
  unread: (id: string) => number | undefined;
  open: boolean;
  choose: (p: Participant) => void;
  close: () => void;
}

/** The participant list: a side column when wide, a drawer when narrow. */
export function renderParticipants(v: ParticipantsView): TemplateResult {
  const s = v.strings;
  return html`<aside class="side${v.open ? ' open' : ''}${v.unknown ? ' unknown' : ''}" part="participants" id="people" aria-labelledby="people-h">
    <button class="close" type="button" @click=${v.close}>${s.closeParticipants}</button>
    <h2 id="people-h">${format(s.participantsCount, { count: v.people.length })}</h2>
    <ul>
      ${v.people.map((p) => html`<li part="participant">${p.self ? renderSelf(p, s) : renderOther(p, v)}</li>`)}
    </ul>
  </aside>`;
}

function renderSelf(p: Participant, s: SignalChatStrings): TemplateResult {
  return html`<div class="person"><span class="dot"></span><span class="who">${p.name}</span><span class="you">(${s.you})</span>${renderState(p)}</div>`;
}

function renderOther(p: Participant, v: ParticipantsView): TemplateResult {
  return html`<button class="person" type="button" aria-current=${v.current === p.id} @click=${() => v.choose(p)}>
    <span class="dot"></span><span class="who">${v.roster.label(p)}</span>${v.unknown ? html`<span class="sr-only">${v.strings.presenceUnknown}</span>` : nothing}${renderState(p)}${renderBadge(v.unread(p.id), v.strings)}
  </button>`;
}

/** A status the app set, such as `{ state: 'away' }`. */
function renderState(p: Participant): TemplateResult | typeof nothing {
  const state = p.status['state'];
  return typeof state === 'string' && state ? html`<span class="state">${state}</span>` : nothing;
}

/** An unread count as a badge (with `mention`: the count of those that mention this user, "@N"); nothing for none. */
export function renderBadge(count: number | undefined, s: SignalChatStrings, mention = false): TemplateResult | typeof nothing {
  return count
    ? html`<span class=${mention ? 'badge at' : 'badge'} part=${mention ? 'mention-badge' : 'badge'}><span aria-hidden="true">${mention ? '@' : ''}${count}</span><span class="sr-only">${format(mention ? s.mentionsUnread : s.unread, { count })}</span></span>`
    : nothing;
}

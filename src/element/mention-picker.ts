/**
 * Mentions in the composer (issue 13): typing `@` offers the other participants in a
 * listbox under ARIA 1.2's combobox pattern. The text area keeps its own role (HTML
 * allows no other role on a `<textarea>`, and axe-core holds to that), and carries the
 * pattern's states: `aria-autocomplete="list"`, `aria-controls` the listbox while it is
 * open, `aria-activedescendant` its active option. ArrowDown/ArrowUp move, Enter or Tab
 * insert "@Name ", Escape closes it for that `@`. The text stays readable; the ids of the
 * people it names ride in the message's `meta` (`mentionsIn`).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Participant } from './participant.js';
import type { Roster } from './roster.js';
import type { SignalChatStrings } from './strings.js';

/** Most people offered at once. */
const MAX_OPTIONS = 8;
/** The `@` and what follows it up to the caret, at the start or after a space. */
const QUERY = /(?:^|\s)@([^@\n]{0,32})$/;

export class MentionPicker {
  /** The people offered; empty when the list is closed. */
  offered: Participant[] = [];
  /** The active option's index. */
  active = 0;
  /** Name → id of the people picked for the draft (two people of one name: the one picked). */
  picked = new Map<string, string>();
  /** Where the `@` is, and where the caret is. */
  mentionAt = -1;
  mentionEnd = 0;
  /** The `@` whose list Escape (or a pick) closed: not offered again until another `@`. */
  mentionGone = -1;

  /** The text or the caret changed: opens, filters or closes the list. */
  follow(text: string, caret: number, people: Participant[]): void {
    const match = QUERY.exec(text.slice(0, caret));
    const at = match ? caret - match[1]!.length - 1 : -1;
    if (at !== this.mentionGone) this.mentionGone = -1;
    // No `@` (-1, as the reset above leaves it) or the one closed: nothing offered. A name matches when any word of it starts with the query.
    this.offered = at !== this.mentionGone ? people.filter((p) => !p.self && (' ' + p.name.toLowerCase()).includes(' ' + match![1]!.toLowerCase())).slice(0, MAX_OPTIONS) : [];
    // The caret moved (typing, not the arrows, which move through the list): the first option is active again.
    if (caret !== this.mentionEnd) this.active = 0;
    this.mentionAt = at;
    this.mentionEnd = caret;
  }

  /** A key in the text area while the list is open: moves, picks or closes. Returns whether it was used. */
  keydown(e: KeyboardEvent): boolean {
    const n = this.offered.length;
    const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    const pick = e.key === 'Enter' || e.key === 'Tab';
    if (!n || e.isComposing || !(step || pick || e.key === 'Escape')) return false;
    e.preventDefault();
    e.stopPropagation();
    if (pick) this.insertPick(this.active, e.target as HTMLTextAreaElement);
    else if (step) this.active = (this.active + step + n) % n;
    else this.dismiss();
    return true;
  }

  /**
   * Puts option `i` as "@Name " in `area` in place of the `@` and the query, the caret
   * after it, and fires `input` there as typing does (the element takes the new draft so).
   */
  insertPick(i: number, area: HTMLTextAreaElement): void {
    const p = this.offered[i]!;
    this.picked.set(p.name, p.id);
    this.dismiss();
    area.setRangeText(`@${p.name} `, this.mentionAt, this.mentionEnd, 'end');
    area.focus();
    area.dispatchEvent(new Event('input'));
  }

  dismiss(): void {
    this.mentionGone = this.mentionAt;
    this.offered = [];
  }

  /** The id of the active option's node, for `aria-activedescendant`; '' when closed. */
  get activeId(): string {
    return this.offered.length ? 'mention-' + this.active : '';
  }

  /** The listbox (above the composer), or nothing when closed. */
  render(s: SignalChatStrings, roster: Roster, area: () => HTMLTextAreaElement): TemplateResult | typeof nothing {
    return this.offered.length
      ? html`<ul class="mentions" id="mentions" role="listbox" part="mentions" aria-label=${s.mentionsLabel}>${this.offered.map(
          (p, i) => html`<li role="option" id=${'mention-' + i} aria-selected=${i === this.active} @click=${() => this.insertPick(i, area())}>${roster.label(p)}</li>`,
        )}</ul>`
      : nothing;
  }
}

/**
 * The ids of the people `text` names as "@Name" (not followed by a letter or digit), of
 * `people`. Two people of one name: the one picked from the list, else both.
 */
export function mentionsIn(text: string, people: Participant[], picked: ReadonlyMap<string, string>): string[] {
  return people
    .filter((p) => {
      const chosen = picked.get(p.name);
      if (p.self || (chosen && chosen !== p.id && people.some((q) => q.id === chosen))) return false;
      const token = '@' + p.name;
      for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) if (!/[\p{L}\p{N}]/u.test(text[i + token.length] ?? '')) return true;
      return false;
    })
    .map((p) => p.id);
}

/**
 * Joins and leaves around one's own reconnection, summed up. After a relay restart
 * everyone leaves and joins again (with new connection ids) within a second or two:
 * line by line that is a screenful of "Bob left", "Bob joined". From the moment the
 * own connection drops until the room has been quiet for `QUIET_MS` after it is back,
 * the session controller counts joins and leaves by name instead; then one line says
 * how many came back ("5 people reconnected"), and a line each names who really joined
 * or left.
 */
import { format, type SignalChatStrings } from './strings.js';

/** Quiet time after the own reconnection before the summary is written, ms. */
export const QUIET_MS = 2000;

/** The summary of `counts`: leaves and joins by display name. */
export function churnLines(s: SignalChatStrings, counts: Map<string, [left: number, joined: number]>): string[] {
  const lines: string[] = [];
  let back = 0;
  let who = '';
  for (const [name, [left, joined]] of counts) {
    const both = Math.min(left, joined);
    back += both;
    if (both) who = name;
    for (let i = both; i < joined; i++) lines.push(format(s.joined, { name }));
    for (let i = both; i < left; i++) lines.push(format(s.left, { name }));
  }
  if (back) lines.unshift(back === 1 ? format(s.reconnectedOne, { name: who }) : format(s.reconnectedMany, { count: back }));
  return lines;
}

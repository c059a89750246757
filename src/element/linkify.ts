/**
 * Splitting message text into plain runs and web links. Only `http:` and `https:`
 * URLs become links, so a `javascript:` (or `data:`) URL in a message stays text.
 */

export type TextRun = string | { href: string; text: string };

/**
 * `http(s)://` followed by anything up to whitespace or a character HTML would treat
 * specially, but not ending in punctuation that usually ends a sentence rather than the
 * URL (`.,;:!?)]}`): the match backs off to the last character that is not one.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]/gi;

export function linkify(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let last = 0;
  for (const { 0: raw, index: start } of text.matchAll(URL_PATTERN)) {
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) runs.push(text.slice(last, start));
    runs.push({ href, text: raw });
    last = start + raw.length;
  }
  if (last < text.length) runs.push(text.slice(last));
  return runs;
}

/**
 * The normalised URL when it parses; otherwise undefined. It is http(s) then: `raw` starts
 * with `http://` or `https://` (URL_PATTERN), and a URL's scheme is what it starts with.
 */
function safeHref(raw: string): string | undefined {
  try {
    return new URL(raw).href;
  } catch {
    return undefined;
  }
}

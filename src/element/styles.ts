import { unsafeCSS } from 'lit';

/**
 * The CSS as text: lit's `css` tag would bring its checks of interpolated values (and their
 * error messages) into the bundle. The build minifies every `css` template of this file
 * (rollup.config.mjs).
 */
const css = String.raw;

/**
 * The element's styles. Colours come from `--signal-chat-*` custom properties with a
 * light and a dark default each (`light-dark()`); `theme` sets the `color-scheme` that
 * picks them (`auto`: `light dark`, which follows `prefers-color-scheme`). Logical
 * properties throughout, so `dir="rtl"` mirrors it.
 */
export const styles = unsafeCSS(css`
  :host {
    --_bg: var(--signal-chat-background, light-dark(#ffffff, #0d1117));
    --_fg: var(--signal-chat-color, light-dark(#1f2328, #e6edf3));
    --_muted: var(--signal-chat-muted-color, light-dark(#59636e, #9ea7b3));
    --_surface: var(--signal-chat-surface, light-dark(#f6f8fa, #161b22));
    --_border: var(--signal-chat-border-color, light-dark(#d1d9e0, #3d444d));
    --_accent: var(--signal-chat-accent, light-dark(#0969da, #4493f8));
    --_on-accent: var(--signal-chat-accent-contrast, light-dark(#ffffff, #0d1117));
    --_own: var(--signal-chat-own-background, light-dark(#ddf4ff, #0f2a44));
    --_private: var(--signal-chat-private-color, light-dark(#8250df, #b694f5));
    --_error: var(--signal-chat-error-color, light-dark(#d1242f, #ff7b72));
    --_warn: var(--signal-chat-warning-background, light-dark(#fff8c5, #3d2f00));
    --_avfg: light-dark(#fff, #0d1117);
    display: block;
    position: relative;
    block-size: var(--signal-chat-height, 480px);
    min-inline-size: 260px;
    color-scheme: light dark;
    background: var(--_bg);
    color: var(--_fg);
    font: var(--signal-chat-font-size, 14px) / 1.45 var(--signal-chat-font-family, system-ui, sans-serif);
    border: 1px solid var(--_border);
    border-radius: var(--signal-chat-radius, 8px);
    overflow: hidden;
    contain: content;
  }
  :host([hidden]) { display: none; }
  :host([theme='light']) { color-scheme: light; }
  :host([theme='dark']) { color-scheme: dark; }
  * { box-sizing: border-box; }
  button, textarea { font: inherit; color: inherit; }
  button { border: 0; background: none; }
  button:enabled { cursor: pointer; }
  :focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
  .sr-only {
    position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap;
  }

  .frame { container: sc / inline-size; display: flex; block-size: 100%; }
  .side {
    display: flex; flex-direction: column; inline-size: 200px; flex: none;
    border-inline-end: 1px solid var(--_border); background: var(--_surface);
  }
  .side h2 { font-size: 0.85em; font-weight: 600; margin: 0; padding: 10px 12px 6px; color: var(--_muted); }
  .side ul { list-style: none; margin: 0; padding: 0 6px 8px; overflow-y: auto; }
  .person {
    display: flex; align-items: center; gap: 6px; inline-size: 100%; padding: 5px 6px;
    border-radius: 6px; text-align: start;
  }
  button.person:hover, .person[aria-current='true'] { background: var(--_border); }
  .dot { inline-size: 8px; block-size: 8px; border-radius: 50%; background: #1a7f37; flex: none; }
  .who { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .state, .you { color: var(--_muted); font-size: 0.85em; }
  .close { display: none; }

  .main { display: flex; flex-direction: column; flex: 1; min-inline-size: 0; }
  .bar { display: flex; border-block-end: 1px solid var(--_border); min-block-size: 40px; }
  .toggle { display: none; padding: 0 10px; border-inline-end: 1px solid var(--_border); white-space: nowrap; }
  [role='tablist'] { display: flex; overflow-x: auto; flex: 1; scrollbar-width: thin; }
  [role='tab'] {
    display: inline-flex; align-items: center; gap: 6px; padding: 8px 12px;
    border-block-end: 2px solid transparent; white-space: nowrap; color: var(--_muted);
  }
  [role='tab'][aria-selected='true'] { color: var(--_fg); border-block-end-color: var(--_accent); font-weight: 600; }
  .badge {
    min-inline-size: 18px; padding: 0 5px; border-radius: 9px; background: var(--_accent); color: var(--_on-accent);
    font-size: 0.75em; font-weight: 600; line-height: 18px; text-align: center; margin-inline-start: auto;
  }
  .private { color: var(--_private); font-size: 0.8em; font-weight: 600; }

  .banner, .warn { border-block-end: 1px solid var(--_border); font-weight: 600; }
  .banner { padding: 4px 12px; background: var(--_surface); color: var(--_private); font-size: 0.85em; }
  .warn { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; padding: 8px 12px; background: var(--_warn); }
  .retry { margin-inline-start: auto; border: 1px solid; border-radius: 6px; padding: 2px 10px; }
  .unknown .dot { background: none; box-shadow: inset 0 0 0 2px var(--_muted); }
  .unknown .who { color: var(--_muted); }

  .logwrap { position: relative; flex: 1; min-block-size: 0; }
  .log { position: relative; block-size: 100%; overflow-y: auto; overflow-anchor: none; padding: 0 12px; }
  .row { padding: 2px 8px; border-radius: 6px; margin-block: 1px; overflow-wrap: anywhere; }
  .row:not(.cont) { margin-block-start: 8px; }
  .m { position: relative; padding-inline-start: 44px; }
  .av {
    position: absolute; inset-inline-start: 8px; inset-block-start: 4px; inline-size: 28px; block-size: 28px;
    border-radius: 50%; display: grid; place-items: center; font-size: 0.75em; font-weight: 700;
    color: var(--_avfg); background: light-dark(oklch(48% 0.13 calc(var(--i) * 45)), oklch(80% 0.13 calc(var(--i) * 45)));
  }
  .empty { text-align: center; color: var(--_muted); margin: 24px 0 0; }
  .own { background: var(--_own); }
  .hist .text, .pend .text, .ed, .del { color: var(--_muted); }
  .pending, .ed, .del { font-style: italic; }
  .priv { border-inline-start: 3px solid var(--_private); }
  .row.at { background: var(--_warn); border-inline-start: 3px solid var(--_accent); }
  .badge.at { background: var(--_error); }
  .meta { display: flex; align-items: baseline; gap: 8px; }
  .meta time, .pending, .receipt { color: var(--_muted); font-size: 0.8em; }
  .text { white-space: pre-wrap; }
  .text a { color: var(--_accent); }
  .older { min-block-size: 32px; padding-block-start: 8px; }
  .older button { color: var(--_accent); padding: 0; }
  .older button[aria-disabled='true'] { color: var(--_muted); cursor: default; }
  .older, .sys, .div { text-align: center; color: var(--_muted); font-size: 0.85em; }
  .div { border-block-end: 1px solid var(--_border); margin-block: 8px; }
  .since { color: var(--_accent); border-color: currentColor; }
  .gap { background: var(--_warn); color: var(--_fg); padding: 4px 8px; }
  .pill {
    position: absolute; inset-block-end: 8px; inset-inline: 0; margin-inline: auto; inline-size: fit-content;
    border-radius: 16px; padding: 4px 12px; background: var(--_accent); color: var(--_on-accent);
    box-shadow: 0 1px 4px rgb(0 0 0 / 0.3);
  }

  form { position: relative; display: flex; flex-direction: column; gap: 4px; padding: 8px 12px; border-block-start: 1px solid var(--_border); }
  .mentions, .menu, .chip, .act, .mi, .close, textarea { border: 1px solid var(--_border); border-radius: 6px; background: var(--_bg); }
  .mentions, .menu { position: absolute; z-index: 1; padding: 4px; }
  .mentions { inset-inline: 12px; inset-block-end: 100%; max-block-size: 40vh; overflow-y: auto; margin: 0; list-style: none; }
  .mentions li { padding: 6px 8px; cursor: pointer; overflow-wrap: anywhere; }
  .mentions [aria-selected='true'] { background: var(--_accent); color: var(--_on-accent); }
  .row2 { display: flex; gap: 8px; align-items: flex-end; }
  textarea {
    flex: 1; resize: none; min-block-size: 38px; max-block-size: 120px; field-sizing: content;
    padding: 8px 10px;
  }
  textarea:disabled { background: var(--_surface); }
  .send {
    border-radius: 6px; padding: 8px 14px; background: var(--_accent); color: var(--_on-accent); font-weight: 600;
  }
  .send:disabled { opacity: 0.6; }
  .hint { display: flex; gap: 8px; font-size: 0.8em; color: var(--_muted); }
  .counter { margin-inline-start: auto; }
  .over, .error { color: var(--_error); }
  .error { font-size: 0.85em; margin: 0; }
  .typing { min-block-size: 1.4em; padding: 2px 12px 0; font-size: 0.8em; color: var(--_muted); font-style: italic; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }

  .quote, .mode { border-inline-start: 3px solid var(--_border); padding: 0 6px; color: var(--_muted); font-size: 0.85em; text-align: start; }
  .mode { display: flex; border-color: var(--_accent); }
  .mode span { flex: 1; }
  .chip, .act, .mi { min-block-size: 28px; min-inline-size: 28px; }
  .chip[aria-pressed='true'] { border-color: var(--_accent); background: var(--_own); }
  .act { position: absolute; inset-block-start: 2px; inset-inline-end: 4px; opacity: 0; }
  .m:hover .act, .m:focus-within .act { opacity: 1; }
  .menu { inset-inline-end: 4px; display: flex; flex-wrap: wrap; gap: 2px; max-inline-size: 220px; }
  @media (pointer: coarse) {
    .m { padding-inline-end: 52px; }
    .act { opacity: 1; }
    .chip, .act, .mi { min-block-size: 44px; min-inline-size: 44px; }
  }

  @container sc (max-inline-size: 559px) {
    .toggle { display: inline-flex; align-items: center; }
    .side { display: none; position: absolute; inset-block: 0; inset-inline-start: 0; inline-size: min(240px, 85%); z-index: 2; box-shadow: 0 0 12px rgb(0 0 0 / 0.3); }
    .side.open { display: flex; }
    .close { display: block; margin: 6px; align-self: flex-end; padding: 2px 8px; }
  }
`);

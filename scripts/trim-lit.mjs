// What the browser bundles leave out of lit (rollup.config.mjs): code in lit's production
// files that can never run in our bundles, cut before esbuild sees them. Each cut names
// the file, the exact text (a regular expression) and why it is dead; a cut whose text is
// not there exactly once fails the build, so a lit upgrade is reviewed here, never
// silently half-applied. Saves about 300 B gzip of the element bundles' size budget.
//
// Kept on purpose: everything a subclass of SignalChat could use (decorators' metadata
// and initializers, the Object/Array/Number attribute converters, styles as arrays),
// the `<style>` fallback of browsers without adoptedStyleSheets, lit SSR's hydration hook.

/** @type {{ file: string, cut: RegExp, by: string, why: string }[]} */
export const LIT_CUTS = [
  {
    file: 'lit-html/lit-html.js',
    cut: /,B=t\.litHtmlPolyfillSupport;B\?\.\(S,k\),\(t\.litHtmlVersions\?\?=\[\]\)\.push\("[\d.]+"\);/,
    by: ';',
    why: 'the webcomponents polyfills serve browsers that cannot parse our ES2022 bundle; the version list is read only by lit\'s development build',
  },
  {
    file: 'lit-html/lit-html.js',
    cut: /l=2===i\?"<svg>":3===i\?"<math>":""/,
    by: 'l=""',
    why: 'SVG and MathML template results come only from lit\'s `svg` and `mathml` tags, which the bundle neither uses nor exports (the lock icon is an <svg> inside an html template)',
  },
  {
    file: 'lit-html/lit-html.js',
    cut: /\+\(2===i\?"<\/svg>":3===i\?"<\/math>":""\)/,
    by: '',
    why: 'the closing half of the same',
  },
  {
    file: 'lit-html/lit-html.js',
    cut: /if\(this\.el=S\.createElement\(f,e\),P\.currentNode=this\.el\.content,2===i\|\|3===i\)\{const t=this\.el\.content\.firstChild;t\.replaceWith\(\.\.\.t\.childNodes\)\}/,
    by: 'this.el=S.createElement(f,e),P.currentNode=this.el.content;',
    why: 'unwrapping the <svg>/<math> element of such a template',
  },
  {
    file: 'lit-html/lit-html.js',
    cut: /const t=globalThis,i=t=>t,/,
    by: 'const t=globalThis,',
    why: 'the `wrap` of ShadyDOM\'s no-patch mode, which only lit\'s development build defines; here it is the identity, called twice below',
  },
  {
    file: 'lit-html/lit-html.js',
    cut: /const s=i\(t\)\.nextSibling;i\(t\)\.remove\(\),t=s/,
    by: 'const s=t.nextSibling;t.remove(),t=s',
    why: 'the two calls of that identity',
  },
  {
    file: '@lit/reactive-element/reactive-element.js',
    cut: /p=a\.reactiveElementPolyfillSupport,/,
    by: '',
    why: 'the webcomponents polyfills, as above',
  },
  {
    file: '@lit/reactive-element/reactive-element.js',
    cut: /,p\?\.\(\{ReactiveElement:y\}\),\(a\.reactiveElementVersions\?\?=\[\]\)\.push\("[\d.]+"\);/,
    by: ';',
    why: 'the polyfills\' hook and the version list, as above',
  },
  {
    file: '@lit/reactive-element/reactive-element.js',
    cut: /,d=\(t,s\)=>t,/,
    by: ',',
    why: 'JSCompiler_renameProperty, a note to Closure Compiler that is the identity once built; its five calls follow',
  },
  ...['elementProperties', 'finalized', 'properties'].map((name) => ({
    file: '@lit/reactive-element/reactive-element.js',
    cut: new RegExp(`this\\.hasOwnProperty\\(d\\("${name}"\\)\\)`),
    by: `this.hasOwnProperty("${name}")`,
    why: `its call in the check for an own ${name}`,
  })),
  {
    file: '@lit/reactive-element/reactive-element.js',
    cut: /y\[d\("elementProperties"\)\]=new Map,y\[d\("finalized"\)\]=new Map/,
    by: 'y.elementProperties=new Map,y.finalized=new Map',
    why: 'its calls where the base class gets both',
  },
  {
    file: '@lit/reactive-element/css-tag.js',
    cut: /e=t\.ShadowRoot&&\(void 0===t\.ShadyCSS\|\|t\.ShadyCSS\.nativeShadow\)&&"adoptedStyleSheets"in Document\.prototype&&"replace"in CSSStyleSheet\.prototype/,
    by: 'e="adoptedStyleSheets"in Document.prototype',
    why: 'every browser that parses our ES2022 bundle has shadow roots (ShadyCSS, their polyfill, is for those that do not), and constructable style sheets (`replace`) came in every engine together with adoptedStyleSheets; the test for adoptedStyleSheets, which Safari before 16.4 lacks, stays',
  },
  {
    file: '@lit/reactive-element/css-tag.js',
    cut: /if\(this\._\$cssResult\$=!0,o!==s\)throw Error\("CSSResult is not constructable\. Use `unsafeCSS` or `css` instead\."\);/,
    by: 'this._$cssResult$=!0;',
    why: 'guards the class against `new` from outside lit; our copy of lit is private to the bundle, and styles.ts builds its one CSSResult with unsafeCSS',
  },
  {
    file: '@lit/reactive-element/css-tag.js',
    cut: /const s=this\.t;if\(e&&void 0===t\)\{const e=void 0!==s&&1===s\.length;e&&\(t=o\.get\(s\)\),void 0===t&&\(\(this\.o=t=new CSSStyleSheet\)\.replaceSync\(this\.cssText\),e&&o\.set\(s,t\)\)\}return t/,
    by: 'return e&&void 0===t&&(this.o=t=new CSSStyleSheet).replaceSync(this.cssText),t',
    why: 'a style sheet shared by every CSSResult of one `css` template (keyed by its strings); unsafeCSS results have none, and the bundle has no `css` tag',
  },
  {
    file: 'lit-element/lit-element.js',
    cut: /const o=s\.litElementPolyfillSupport;o\?\.\(\{LitElement:i\}\);/,
    by: '',
    why: 'the polyfills\' hook, as above (the hydration hook before it stays)',
  },
  {
    file: 'lit-element/lit-element.js',
    cut: /\(s\.litElementVersions\?\?=\[\]\)\.push\("[\d.]+"\);/,
    by: '',
    why: 'the version list, as above',
  },
];

/** Applies the cuts that belong to `id` (a resolved module path); throws when one does not match exactly once. */
export function trimLitSource(code, id) {
  const path = id.replaceAll('\\', '/');
  let out = code;
  for (const { file, cut, by } of LIT_CUTS) {
    if (!path.endsWith(`/node_modules/${file}`)) continue;
    const found = out.match(new RegExp(cut.source, 'g'))?.length ?? 0;
    if (found !== 1) throw new Error(`trim-lit: ${file} has ${found} matches of ${cut} (expected 1): lit changed, review scripts/trim-lit.mjs`);
    out = out.replace(cut, () => by);
  }
  return out;
}

/** The rollup plugin. */
export function trimLit() {
  return {
    name: 'trim-lit',
    transform(code, id) {
      const out = trimLitSource(code, id);
      return out === code ? null : { code: out, map: null };
    },
  };
}

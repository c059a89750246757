// What the browser bundles shorten in lit's html`` templates (rollup.config.mjs): the
// quotes around a static attribute value of letters, digits, `_` and `-` (`part="log"` →
// `part=log`), and an empty value (`hidden=""` → `hidden`). The HTML parser builds the
// same element from either, so lit gets the same template. Values with any other
// character, values a binding is part of, text between tags and comments stay as written.
// test/scripts/minify-templates.test.ts has Chromium parse every template of the element
// both ways and compare.
import MagicString from 'magic-string';
import { parseAst } from 'rollup/parseAst';

const SIMPLE = /^[\w-]*$/;

/**
 * The static parts of one template (its quasis, raw), shortened. A tag may span parts
 * (a binding inside it), so the scan carries whether it is inside a tag or a quoted
 * value from one part to the next.
 */
export function minifyTemplateParts(parts) {
  let inTag = false;
  let quote = '';
  return parts.map((raw) => {
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (!inTag) {
        if (c === '<' && /[a-z]/i.test(raw[i + 1] ?? '')) inTag = true;
      } else if (c === '>') {
        inTag = false;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '=' && (raw[i + 1] === '"' || raw[i + 1] === "'")) {
        const end = raw.indexOf(raw[i + 1], i + 2);
        const value = end < 0 ? '' : raw.slice(i + 2, end);
        // The value must end here, before a space or the tag's end (an unquoted value
        // would take a `/` of `/>` into it).
        if (end > 0 && SIMPLE.test(value) && /^[\s>]/.test(raw.slice(end + 1))) {
          out += value && `=${value}`;
          i = end;
          continue;
        }
      }
      out += c;
    }
    return out;
  });
}

/** Walks an ESTree AST. */
function walk(node, visit) {
  visit(node);
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child.type === 'string') walk(child, visit);
    }
  }
}

/** The template literals of lit's `html` in a module as esbuild wrote it (`html` imported under any local name). */
function htmlTemplateLiterals(code) {
  if (!code.includes('html')) return [];
  const ast = parseAst(code);
  const tags = new Set();
  for (const node of ast.body) {
    if (node.type !== 'ImportDeclaration' || node.source.value !== 'lit') continue;
    for (const s of node.specifiers) if (s.type === 'ImportSpecifier' && (s.imported.name ?? s.imported.value) === 'html') tags.add(s.local.name);
  }
  const found = [];
  if (tags.size > 0) {
    walk(ast, (node) => {
      if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && tags.has(node.tag.name)) found.push(node.quasi);
    });
  }
  return found;
}

/** The static parts (raw) of every html`` template of a module. */
export const htmlTemplates = (code) => htmlTemplateLiterals(code).map((t) => t.quasis.map((q) => q.value.raw));

/** Shortens every html`` template of a module; null when nothing changes. */
export function minifyTemplates(code) {
  const out = new MagicString(code);
  let changed = false;
  for (const { quasis } of htmlTemplateLiterals(code)) {
    const parts = minifyTemplateParts(quasis.map((q) => q.value.raw));
    quasis.forEach((q, i) => {
      if (parts[i] === q.value.raw) return;
      out.overwrite(q.start, q.end, parts[i]);
      changed = true;
    });
  }
  return changed ? { code: out.toString(), map: out.generateMap({ hires: true }) } : null;
}

/** The rollup plugin: after esbuild, for the element's modules. */
export function minifyTemplatesPlugin() {
  return {
    name: 'minify-templates',
    transform(code, id) {
      return id.includes('/src/element/') ? minifyTemplates(code) : null;
    },
  };
}

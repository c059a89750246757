#!/usr/bin/env node
// Editor data generated from dist/custom-elements.json (run by `npm run build`, after
// `cem analyze`), so editors complete <signal-chat>'s attributes and show their docs:
//
//   dist/vscode.html-custom-data.json  VS Code's HTML custom data
//                                      ("html.customData": ["./node_modules/signal-chat/dist/vscode.html-custom-data.json"])
//   dist/web-types.json                JetBrains web-types (found through package.json "web-types")
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'dist/custom-elements.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every custom element the manifest declares. */
const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName));

/** `'light' | 'dark' | 'auto'` → ['light', 'dark', 'auto']; any other type → none. */
const valuesOf = (type) => {
  const literals = [...(type?.text ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1]);
  return literals.length > 0 && /^\s*'[^']*'(\s*\|\s*'[^']*')*\s*$/.test(type.text) ? literals : undefined;
};

const vscode = {
  version: 1.1,
  tags: elements.map((el) => ({
    name: el.tagName,
    description: [el.summary, el.description].filter(Boolean).join('\n\n'),
    attributes: (el.attributes ?? []).map((a) => ({
      name: a.name,
      description: a.description ?? '',
      ...(valuesOf(a.type) ? { values: valuesOf(a.type).map((name) => ({ name })) } : {}),
    })),
  })),
};

const webTypes = {
  $schema: 'https://json.schemastore.org/web-types',
  name: pkg.name,
  version: pkg.version,
  'description-markup': 'markdown',
  contributions: {
    html: {
      elements: elements.map((el) => ({
        name: el.tagName,
        description: el.summary ?? el.description ?? '',
        attributes: (el.attributes ?? []).map((a) => ({
          name: a.name,
          description: a.description ?? '',
          value: { type: a.type?.text ?? 'string' },
          ...(a.default ? { default: a.default } : {}),
        })),
        events: (el.events ?? []).map((e) => ({ name: e.name, description: e.description ?? '' })),
        css: {
          parts: (el.cssParts ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
          properties: (el.cssProperties ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
        },
      })),
    },
  },
};

writeFileSync(join(root, 'dist/vscode.html-custom-data.json'), `${JSON.stringify(vscode, null, 2)}\n`);
writeFileSync(join(root, 'dist/web-types.json'), `${JSON.stringify(webTypes, null, 2)}\n`);

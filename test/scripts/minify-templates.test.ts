/**
 * scripts/minify-templates.mjs, the quotes the browser bundles leave out of lit's html``
 * templates: only around a static attribute value of letters, digits, `_` and `-`, and
 * Chromium builds the same DOM from every template of the element either way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error: a build script in plain JavaScript, without types
import { htmlTemplates, minifyTemplateParts, minifyTemplates } from '../../scripts/minify-templates.mjs';
import { launchChromium } from '../support/chromium.js';

const shorten = minifyTemplateParts as (parts: string[]) => string[];
const templatesOf = htmlTemplates as (code: string) => string[][];
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('minify-templates', () => {
  it('drops the quotes around a value of letters, digits, _ and -, and an empty value with its =', () => {
    assert.deepEqual(shorten(['<div class="row" part=\'log-2\' hidden="" aria-hidden="true">']), ['<div class=row part=log-2 hidden aria-hidden=true>']);
  });

  it('keeps values with other characters, text between tags, comments, and a value before />', () => {
    const kept = ['<a rel="noopener noreferrer" href="/x" title="a.b">class="x" is text</a><!-- x="y" --><path d="M4"/><br x="y"/>'];
    assert.deepEqual(shorten(kept), kept);
  });

  it('keeps a value a binding is part of, and goes on after it', () => {
    assert.deepEqual(shorten(['<div class="row ', '" part="x" title=', '>a="b"</div>']), ['<div class="row ', '" part=x title=', '>a="b"</div>']);
  });

  it('rewrites only templates of lit\'s html, under the name esbuild gave it', () => {
    const code = 'import{html as h}from"lit";const a=h`<p class="x">${1}</p>`,b=String.raw`<p class="x">`;';
    assert.equal(minifyTemplates(code)?.code, 'import{html as h}from"lit";const a=h`<p class=x>${1}</p>`,b=String.raw`<p class="x">`;');
    assert.equal(minifyTemplates('const b=`<p class="x">`;'), null);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let page: Page;
    before(async () => {
      browser = await launchChromium();
      page = await browser.newPage();
    });
    after(() => browser.close());

    it('every template of the element parses to the same DOM with and without the quotes', async () => {
      const files = readdirSync(join(root, 'src/element'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
      const pairs: Array<[string, string]> = [];
      for (const file of files) {
        const { code } = await transform(readFileSync(join(root, 'src/element', file), 'utf8'), { loader: 'ts', minify: true, target: 'es2022', format: 'esm' });
        for (const parts of templatesOf(code)) {
          // A stand-in for each binding, the same on both sides (lit puts a marker there).
          pairs.push([parts.join('lit$1$'), shorten(parts).join('lit$1$')]);
        }
      }
      assert.ok(pairs.filter(([a, b]) => a !== b).length > 20, `only ${pairs.length} templates, fewer changed`);
      // Anonymous functions only: tsx would name a const one with a helper the page lacks.
      const differ = await page.evaluate(
        (all) =>
          all.filter((pair) => {
            const [a, b] = pair.map((html) => {
              const template = document.createElement('template');
              template.innerHTML = html;
              return template.innerHTML;
            });
            return a !== b;
          }),
        pairs,
      );
      assert.deepEqual(differ, []);
    });
  });
});

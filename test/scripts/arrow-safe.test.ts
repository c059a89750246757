/**
 * scripts/arrow-safe.mjs, what keeps terser's `unsafe_arrows` safe for the browser
 * bundles: a chunk whose only function expressions are methods or called where they
 * stand goes through, and any other function expression, or an arrow terser made and
 * something constructs, stops the build with a message that says where to look.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAst } from 'rollup/parseAst';
// @ts-expect-error: a build script in plain JavaScript, without types
import { assertFunctionsCalledInPlace, assertNoArrowConstructed } from '../../scripts/arrow-safe.mjs';

const before = (code: string): void => (assertFunctionsCalledInPlace as (ast: unknown, code: string) => void)(parseAst(code), code);
const after = (code: string): void => (assertNoArrowConstructed as (ast: unknown, code: string) => void)(parseAst(code), code);
const names = (error: Error): boolean => error.message.includes('unsafe_arrows') && error.message.includes('scripts/arrow-safe.mjs');

describe('arrow-safe', () => {
  it('lets through a chunk whose function expressions are methods, accessors or called where they stand', () => {
    assert.doesNotThrow(() =>
      before('var SignalChat=function(t){"use strict";class A{m(){}get g(){return 1}set g(v){}}const o={m(){},get g(){return 1}};const x=function(e){return e}(2),y=async function(){}();return t.A=A,t}({});'),
    );
    assert.doesNotThrow(() => after('const a=new Map,b=(t=>t)(1);class C{}new C;'));
  });

  it('stops the build at a function expression that is stored, passed, a property value or constructed', () => {
    for (const code of ['const f=function(){};', '[1].map(function(x){return x});', 'const o={m:function(){}};', 'new function(){};', 'const p=function(){}.prototype;']) {
      assert.throws(() => before(code), names, code);
    }
  });

  it('stops the build when terser made an arrow that something constructs', () => {
    assert.throws(() => after('new(()=>{});'), names);
  });
});

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, type TestRelay } from './harness.js';

describe('the demo and the files beside it', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay();
  });
  after(() => relay.close());

  it('serves the demo page at /, which names its icon', async () => {
    const response = await fetch(`${relay.http}/`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<link rel="icon" href="favicon.svg"/);
  });

  it('answers /favicon.ico, which browsers ask for on their own, with the icon', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const response = await fetch(`${relay.http}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'image/svg+xml', path);
      assert.match(await response.text(), /^<svg /, path);
    }
  });

  it('serves nothing outside its folders', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/.gitignore', '/demo/index.html']) {
      assert.equal((await fetch(`${relay.http}${path}`)).status, 404, path);
    }
  });
});

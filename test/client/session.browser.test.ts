/// <reference types="mocha" />
/**
 * The client scenarios in Chromium, with the browser's own WebSocket, against
 * the relay web-test-runner started (scripts/test-relay.ts) and its test-only
 * control endpoint for cutting sockets and restarting.
 */
import { relayUrls, type RelayUrls } from '../browser-helpers.js';
import { scenarios } from './scenarios.js';
import { TestKit, type ClientTestEnv } from './support/kit.js';

async function post(url: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

function browserEnv(urls: RelayUrls): ClientTestEnv {
  const control = urls.control;
  if (!control) throw new Error('the test relay offers no control endpoint (scripts/test-relay.ts)');
  return {
    http: urls.http,
    url: (room) => `${urls.ws}/rooms/${room}`,
    options: {},
    async dropPeer(room, id) {
      const answer = await post(`${control}/drop?room=${encodeURIComponent(room)}&id=${encodeURIComponent(id)}`);
      return answer['dropped'] === true;
    },
    async restart() {
      await post(`${control}/restart`);
    },
    async restSignal(body) {
      const answer = await post(`${control}/rest/signal`, body);
      return Number(answer['status']);
    },
  };
}

let env: ClientTestEnv;
let kit: TestKit | undefined;

before(async () => {
  env = browserEnv(await relayUrls());
});
afterEach(() => {
  kit?.close();
  kit = undefined;
});

for (const [group, list] of Object.entries(scenarios)) {
  describe(group, () => {
    for (const scenario of list) {
      it(scenario.title, async () => {
        kit = new TestKit(env);
        await scenario.run(kit);
      });
    }
  });
}

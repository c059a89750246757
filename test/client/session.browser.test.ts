/// <reference types="mocha" />
/**
 * The client scenarios in Chromium, with the browser's own WebSocket, against
 * the relay web-test-runner started (scripts/test-relay.ts) and its test-only
 * control endpoint for cutting sockets and restarting.
 */
import { control, relayUrls, type RelayUrls } from '../support/relay-urls.js';
import { scenarios } from './scenarios.js';
import { TestKit, type ClientTestEnv } from './support/kit.js';

function browserEnv(urls: RelayUrls): ClientTestEnv {
  return {
    http: urls.http,
    url: (room) => `${urls.ws}/rooms/${room}`,
    options: {},
    async dropPeer(room, id) {
      const answer = await control(`/drop?room=${encodeURIComponent(room)}&id=${encodeURIComponent(id)}`);
      return answer['dropped'] === true;
    },
    async restart() {
      await control('/restart');
    },
    async restSignal(body) {
      const answer = await control('/rest/signal', body);
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

/** The client scenarios in Node, with `ws` as the WebSocket, against a relay in this process. */
import { after, afterEach, before, describe, it } from 'node:test';
import { scenarios } from './scenarios.js';
import { TestKit } from './support/kit.js';
import { startNodeEnv, type NodeEnv } from './support/node-env.js';

let env: NodeEnv;
let kit: TestKit | undefined;

before(async () => {
  env = await startNodeEnv();
});
afterEach(() => {
  kit?.close();
  kit = undefined;
});
after(() => env.close());

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

/// <reference types="mocha" />
// Names (issue 11, items 1 and 6): earlier messages are labelled with the name their
// sender had, one's own earlier messages are marked as one's own, and two people of one
// name can be told apart in the list, the private tabs and the private banner.
import { control } from '../support/relay-urls.js';
import { $, $$, assert, cleanup, deepEqual, equal, joined, logTexts, roomName, roomUrl, tab, tabLabels, until } from './harness.js';

const whoOf = (el: HTMLElement): string[] => $$(el as never, '.log .who').map((n) => n.textContent ?? '');

describe('<signal-chat> names', () => {
  afterEach(cleanup);

  it('labels earlier messages with the sender\'s name, and marks one\'s own earlier messages as own after a reload', async () => {
    const url = await roomUrl('history-names');
    const ann = await joined(url, 'Ann');
    await ann.send('from before');
    await ann.send('and another');
    ann.parentElement!.remove(); // Ann closes the tab
    const bob = await joined(url, 'Bob');
    await until(() => logTexts(bob).length === 2, 'Bob gets the history');
    deepEqual(whoOf(bob), ['Ann'], 'named as she was, not by her old connection id');
    equal($$(bob, '.log [part~=own-message]').length, 0, 'not Bob\'s own');
    // Ann opens the page again: a new connection, the same name.
    const back = await joined(url, 'Ann');
    await until(() => logTexts(back).length === 2, 'Ann gets the history');
    equal($$(back, '.log [part~=own-message]').length, 2, 'both earlier messages are hers');
    deepEqual(whoOf(back), ['Ann']);
    assert(back.messages.every((m) => m.from?.name === 'Ann' && m.history), 'the message records say so too');
  });

  it('with tokens, marks earlier messages as own for the same verified name only', async () => {
    const secret = 'names-secret';
    const { port } = (await control('/spare')) as { port: number };
    await control(`/spare/start?port=${port}&secret=${secret}`);
    const room = roomName('verified');
    const url = `ws://127.0.0.1:${port}/rooms/${room}`;
    const token = async (name: string): Promise<string> => (await control(`/token?secret=${secret}&room=${room}&name=${name}`))['token'] as string;
    const ann = await joined(url, 'Ann', { token: await token('Ann') });
    await ann.send('signed by Ann');
    ann.parentElement!.remove();
    const back = await joined(url, 'Ann', { token: await token('Ann') });
    const bob = await joined(url, 'Bob', { token: await token('Bob') });
    await until(() => logTexts(back).length === 1 && logTexts(bob).length === 1, 'both get the history');
    equal($$(back, '.log [part~=own-message]').length, 1, "Ann's token names her: her earlier message is hers");
    equal($$(bob, '.log [part~=own-message]').length, 0, 'not Bob\'s');
    deepEqual(whoOf(bob), ['Ann']);
  });

  it('tells two people of one name apart by the start of their connection id, in the list, the tabs and the banner', async () => {
    const url = await roomUrl('two-bobs');
    const ann = await joined(url, 'Ann');
    const bob1 = await joined(url, 'Bob');
    const bob2 = await joined(url, 'Bob');
    await until(() => ann.participants.length === 3, 'Ann sees both');
    const [id1, id2] = [bob1, bob2].map((b) => b.participants.find((p) => p.self)!.id.slice(0, 4));
    const listed = $$(ann, '[part=participant] .who').map((n) => n.textContent);
    deepEqual(listed, ['Ann', `Bob (${id1})`, `Bob (${id2})`]);
    // Each Bob sees the other told apart too, and himself as "you" (once his own list has them all: presence comes in batches).
    await until(() => $$(bob1, '[part=participant] .who').length === 3, 'the first Bob lists all three');
    deepEqual($$(bob1, '[part=participant] .who').map((n) => n.textContent), ['Bob', 'Ann', `Bob (${id2})`]);
    // A private message to the second Bob: the tab and the banner say which.
    $$(ann, '[part=participant] button').find((b) => b.textContent?.includes(`Bob (${id2})`))!.click();
    await ann.updateComplete;
    assert(tabLabels(ann).includes(`Bob (${id2})`), `tabs: ${JSON.stringify(tabLabels(ann))}`);
    equal($(ann, '[part=private-banner]')?.textContent, `Private conversation with Bob (${id2})`);
    await ann.send('only for you', { to: bob2.participants.find((p) => p.self)!.id });
    const got = (b: typeof bob1): boolean => b.messages.some((m) => m.text === 'only for you');
    await until(() => got(bob2), 'the right Bob has it');
    equal(got(bob1), false, 'the other has not');
    tab(ann, 'chat').click();
    // Once one of them leaves, the name is unique again.
    bob1.parentElement!.remove();
    await until(() => ann.participants.length === 2, 'one Bob left');
    await ann.updateComplete;
    deepEqual($$(ann, '[part=participant] .who').map((n) => n.textContent), ['Ann', 'Bob']);
  });
});

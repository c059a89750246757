/// <reference types="mocha" />
// How the log looks (issue 11, item 5): initials avatars in a colour of the
// participant's own that reads well in both themes, messages grouped under one header,
// an empty state, day lines, and no blank strip under the composer.
import type { SignalChat } from '../../src/element/index.js';
import { control, relayUrls } from '../support/relay-urls.js';
import { OpenViduLikeSession } from './session-shapes.js';
import { $, $$, assert, chat, cleanup, deepEqual, equal, joined, logTexts, roomName, roomUrl, until } from './harness.js';

/** A CSS colour as sRGB channels 0–255, whatever syntax the style gives (oklch too). */
function rgb(colour: string): [number, number, number] {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const g = canvas.getContext('2d')!;
  g.fillStyle = colour;
  g.fillRect(0, 0, 1, 1);
  const [r, gr, b] = g.getImageData(0, 0, 1, 1).data;
  return [r!, gr!, b!];
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = rgb(c).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const headers = (el: SignalChat): Array<{ avatar: string; name: string; colour: string }> =>
  $$(el, '.log .row').filter((r) => r.querySelector('.av')).map((r) => {
    const av = r.querySelector<HTMLElement>('.av')!;
    return { avatar: av.textContent ?? '', name: r.querySelector('.who')?.textContent ?? '', colour: getComputedStyle(av).backgroundColor };
  });

describe('<signal-chat> look', () => {
  afterEach(cleanup);

  it('shows initials avatars in a colour derived from the name, readable in the light and the dark theme', async () => {
    const { ws } = await relayUrls();
    const room = roomName('avatars');
    const el = await chat({ url: `${ws}/rooms/${room}`, name: 'Ann Lee', theme: 'light' });
    el.style.setProperty('--signal-chat-height', '3000px');
    await until(() => el.state === 'connected', 'connected');
    await el.send('hello');
    const names = ['Bob', 'Cleo Park', 'dan', 'Eve Ng', 'Fay', 'Gus', 'Hana Ito', 'Ian', 'Jo', 'Kai', 'Lena Ruiz', 'Mo', 'Nia', 'Oli', 'Pia', 'Quinn'];
    // Server messages named by their body (OpenVidu's chat panel): one sender per name.
    for (const nickname of names) await control('/rest/signal', { session: room, type: 'chat', data: JSON.stringify({ message: 'hi', nickname }) });
    await until(() => headers(el).length === names.length + 1, 'a header per sender');
    const shown = headers(el);
    deepEqual(shown.slice(0, 4).map((h) => h.avatar), ['AL', 'B', 'CP', 'D'], 'first and last initials, upper case');
    const colours = new Set(shown.map((h) => h.colour));
    assert(colours.size >= 6, `colours differ from one person to the next: ${colours.size} for ${shown.length}`);
    for (const theme of ['light', 'dark']) {
      el.theme = theme as 'light' | 'dark';
      await el.updateComplete;
      for (const av of $$(el, '.av')) {
        const style = getComputedStyle(av);
        const ratio = contrast(style.color, style.backgroundColor);
        assert(ratio >= 4.5, `${theme}: ${av.textContent} has ${ratio.toFixed(2)}:1 (${style.color} on ${style.backgroundColor})`);
      }
    }
    // The same name gets the same colour again.
    await control('/rest/signal', { session: room, type: 'chat', data: JSON.stringify({ message: 'me again', nickname: 'Bob' }) });
    await until(() => headers(el).length === names.length + 2, 'Bob again');
    equal(headers(el).at(-1)!.colour, headers(el).find((h) => h.name === 'Bob')!.colour);
  });

  it('groups consecutive messages of one sender under one avatar and name', async () => {
    const url = await roomUrl('groups');
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    for (const text of ['one', 'two', 'three']) await ann.send(text);
    // Ann's ack may come before Bob has her message: Bob answers once he has it, as a person would.
    await until(() => logTexts(bob).includes('three'), 'Bob has three');
    await bob.send('four');
    await ann.send('five');
    await until(() => logTexts(bob).length === 5, 'Bob has all five');
    deepEqual(headers(bob).map((h) => [h.avatar, h.name]), [['A', 'Ann'], ['B', 'Bob'], ['A', 'Ann']]);
    deepEqual($$(bob, '.log .row.cont .text').map((n) => n.textContent), ['two', 'three']);
  });

  it('says "No messages yet" in an empty thread, until there is one', async () => {
    const url = await roomUrl('empty');
    const ann = await joined(url, 'Ann');
    equal($(ann, '.log .empty')?.textContent, 'No messages yet');
    await ann.send('first');
    await ann.updateComplete;
    equal($(ann, '.log .empty'), null);
  });

  it('puts a day line above the first message of each day', async () => {
    const s = new OpenViduLikeSession();
    s.connection = { connectionId: 'me', data: '{"clientData":"Reader"}' };
    const el = await chat({}, 600);
    el.session = s;
    const from = { connectionId: 'old', data: '{"clientData":"Old"}' };
    const day = 86_400_000;
    const noon = new Date().setHours(12, 0, 0, 0);
    const times = [noon - 3 * day, noon - 3 * day + 60_000, noon - day, Date.now()];
    for (const [i, time] of times.entries()) s.emit('signal', { type: 'chat', data: `m${i}`, from, history: i < 3, time });
    await until(() => logTexts(el).length === 4, 'four messages');
    const lines = $$(el, '.log [part=day-divider]').map((n) => n.textContent);
    deepEqual(lines.slice(1), ['Yesterday', 'Today']);
    equal(lines[0], new Date(times[0]!).toLocaleDateString(undefined, { dateStyle: 'full' }), 'older days by their date');
  });

  it('leaves no blank strip under the composer', async () => {
    const ann = await joined(await roomUrl('strip'), 'Ann');
    const form = $(ann, '[part=composer]')!.getBoundingClientRect();
    const input = $(ann, '[part=input]')!.getBoundingClientRect();
    const padding = parseFloat(getComputedStyle($(ann, '[part=composer]')!).paddingBlockEnd);
    assert(form.bottom - input.bottom <= padding + 1, `${(form.bottom - input.bottom).toFixed(1)} px under the text area (padding ${padding})`);
  });
});

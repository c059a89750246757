/// <reference types="mocha" />
// Opt-in notifications (`notify`): while the page is hidden, a private message raises a
// system notification and a count in the title; nothing is asked or shown without the
// attribute. Headless Chromium has no notification centre and cannot hide its page, so
// two things are faked here, and only these: `Notification` (a recorder with the API's
// shape) and `document.visibilityState`. Messages go through the real relay.
import { sendMouse } from '@web/test-runner-commands';
import type { SignalChat } from '../../src/element/index.js';
import { $, deepEqual, equal, tab, until } from './harness.js';
import { annAndBob, setHidden, sideBySide } from './side-by-side.js';

interface Shown {
  title: string;
  options?: NotificationOptions | undefined;
  onclick: (() => void) | null;
  closed: boolean;
}

/** The recorder standing in for `Notification`: what was asked and shown. */
function fakeNotifications(): { asked: number; shown: Shown[]; restore(): void } {
  const record = { asked: 0, shown: [] as Shown[], restore: () => undefined as void };
  class FakeNotification implements Shown {
    static permission: NotificationPermission = 'default';
    static async requestPermission(): Promise<NotificationPermission> {
      record.asked += 1;
      FakeNotification.permission = 'granted';
      return 'granted';
    }
    onclick: (() => void) | null = null;
    closed = false;
    constructor(
      readonly title: string,
      readonly options?: NotificationOptions,
    ) {
      record.shown.push(this);
    }
    close(): void {
      this.closed = true;
    }
  }
  const descriptor = Object.getOwnPropertyDescriptor(window, 'Notification');
  Object.defineProperty(window, 'Notification', { configurable: true, writable: true, value: FakeNotification });
  record.restore = () => {
    if (descriptor) Object.defineProperty(window, 'Notification', descriptor);
    else delete (window as { Notification?: unknown }).Notification;
  };
  return record;
}

/** A real click (a user gesture, as the permission prompt needs) in the middle of `el`'s log. */
async function clickIn(el: SignalChat): Promise<void> {
  const box = $(el, '.log')!.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

describe('<signal-chat notify>', () => {
  let notifications: ReturnType<typeof fakeNotifications>;
  let title = '';
  beforeEach(() => {
    notifications = fakeNotifications();
    title = document.title;
    document.title = 'Team chat';
  });
  afterEach(() => {
    notifications.restore();
    document.title = title;
  });
  sideBySide();

  it('asks on a click, not on load, and notifies of a private message only while the page is hidden', async () => {
    const { ann, bob } = await annAndBob('notify', 360, {}, { notify: '' });
    const toBob = { to: ann.participants[1]! };
    equal(notifications.asked, 0, 'nothing asked on load');
    await clickIn(bob);
    equal(notifications.asked, 1, 'asked on the first click in the element');

    await ann.send('while you look', toBob);
    await until(() => bob.messages.length === 1, 'Bob got it');
    equal(notifications.shown.length, 0, 'the page is visible: no notification');

    setHidden(true);
    await ann.send('for the whole channel');
    await ann.send('are you there?', toBob);
    await until(() => bob.messages.length === 3, 'Bob got both');
    deepEqual(notifications.shown.map((n) => [n.title, n.options?.body]), [['Ann (private)', 'are you there?']], 'one, for the private message');
    equal(document.title, '(1) Team chat', 'the title counts it');
    await ann.send('still there?', toBob);
    await until(() => document.title === '(2) Team chat', 'the count goes on');

    notifications.shown[0]!.onclick!();
    await bob.updateComplete;
    equal(tab(bob, 'Ann').getAttribute('aria-selected'), 'true', 'clicking it opens the thread');
    equal(notifications.shown[0]!.closed, true, 'and closes it');
    setHidden(false);
    equal(document.title, 'Team chat', 'the title is back once the page is seen');
  });

  it('notifies of a channel message that mentions the user while the page is hidden, and of no other', async () => {
    const { ann, bob } = await annAndBob('notify-mention', 360, {}, { notify: '' });
    await clickIn(bob);
    setHidden(true);
    await ann.send('a word for everyone');
    await ann.send('@Bob can you look at this?');
    await until(() => notifications.shown.length === 1, 'a notification for the mention');
    deepEqual(notifications.shown.map((n) => [n.title, n.options?.body]), [['Ann mentioned you in #chat', '@Bob can you look at this?']], 'one, for the mention');
    equal(document.title, '(1) Team chat', 'the title counts it');
    notifications.shown[0]!.onclick!();
    await bob.updateComplete;
    equal(tab(bob, 'chat').getAttribute('aria-selected'), 'true', 'clicking it shows the channel');
    setHidden(false);
  });

  it('asks nothing and shows nothing without the attribute', async () => {
    const { ann, bob } = await annAndBob('no-notify', 360);
    await clickIn(bob);
    setHidden(true);
    await ann.send('private, hidden page', { to: ann.participants[1]! });
    await until(() => bob.messages.length === 1, 'Bob got it');
    // The message event is what raises a notification: once Bob's element has fired it, none is on its way.
    deepEqual([notifications.asked, notifications.shown.length, document.title], [0, 0, 'Team chat']);
  });
});

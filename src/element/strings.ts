/**
 * Every piece of UI text the element shows. Replace any of them through the
 * `strings` property; `{name}`-style placeholders are filled in by `format()`.
 */
export const DEFAULT_STRINGS = {
  participantsCount: 'Participants ({count})',
  you: 'you',
  channels: 'Channels',
  privateWith: 'Private conversation with {name}',
  privateLabel: 'private',
  placeholder: 'Message #{channel}',
  privatePlaceholder: 'Private message to {name}',
  send: 'Send',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  retryingIn: 'retrying in {seconds}s',
  retryNow: 'Retry now',
  presenceUnknown: 'status unknown',
  noUrl: 'No chat server is set',
  participantGone: '{name} has left',
  joined: '{name} joined',
  left: '{name} left',
  reconnectedOne: '{name} reconnected',
  reconnectedMany: '{count} people reconnected',
  gap: 'Messages sent while you were away may be missing',
  gapRestart: 'The server restarted and lost its history: messages may be missing here',
  server: 'Server',
  history: 'Earlier messages',
  sinceYouLeft: 'New since you left',
  loadOlder: 'Load older messages',
  loadingOlder: 'Loading older messages…',
  noOlder: 'No older messages',
  empty: 'No messages yet',
  today: 'Today',
  yesterday: 'Yesterday',
  newMessages: 'New messages ({count})',
  pending: 'sending…',
  sent: 'Sent',
  seen: 'Seen',
  seenBy: 'Seen by {count}',
  unread: '{count} unread',
  bytesLeft: '{count} bytes left',
  tooLong: '{count} bytes over the limit',
  sendFailed: 'Not sent: {message}',
  closeParticipants: 'Close',
  typingOne: '{name} is typing…',
  typingTwo: '{name} and {other} are typing…',
  typingMany: 'Several people are typing…',
  notifyTitle: '({count}) {title}',
  notifyPrivate: '{name} (private)',
  notifyMention: '{name} mentioned you in #{channel}',
} satisfies Record<string, string>;

export type SignalChatStrings = { [K in keyof typeof DEFAULT_STRINGS]: string };

/** Fills `{key}` placeholders; unknown keys are left as they are. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

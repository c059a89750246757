import { isSignalType } from '../protocol/limits.js';

/** The default channel list when the `channels` attribute is absent or empty. */
export const DEFAULT_CHANNEL = 'chat';

/**
 * The `channels` attribute as a list: space- or comma-separated, each obeying the
 * signal type rule; invalid entries and duplicates are dropped.
 */
export function parseChannels(value: string | null | undefined): string[] {
  const list = [...new Set((value ?? '').split(/[\s,]+/).filter((c) => c && isSignalType(c)))];
  return list.length > 0 ? list : [DEFAULT_CHANNEL];
}

/**
 * A signal event's channel: its type without the `signal:` prefix OpenVidu and
 * OpenTok put on it (a bare `signal` is untyped only on OpenVidu's wire, which
 * the element never reads, so it stays a channel name).
 */
export { withoutTypePrefix as signalType } from '../protocol/openvidu-conventions.js';

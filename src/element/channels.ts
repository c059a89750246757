import { isSignalType } from '../protocol/limits.js';
import { withoutTypePrefix } from '../protocol/openvidu-conventions.js';

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
 * A signal event's channel: without the `signal:` prefix OpenVidu and OpenTok
 * put on it. An unprefixed `signal` stays a channel name: it is an untyped
 * signal only on OpenVidu's wire, which the element never reads.
 */
export function signalType(type: string | undefined): string {
  return withoutTypePrefix(type ?? '');
}

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

/** Strips the `signal:` prefix OpenVidu and OpenTok put on a signal event's type. */
export function signalType(type: string | undefined): string {
  const t = type ?? '';
  return t.startsWith('signal:') ? t.slice(7) : t;
}

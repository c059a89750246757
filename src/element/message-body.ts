/**
 * Reading a received signal's `data` as a chat message. We send plain text (as the
 * seed examples do); OpenVidu's chat panel sends `{"message", "nickname"}` and
 * OpenTok's text-chat accelerator `{"text", "sender": {"alias"}}`, as JSON strings.
 */
import { readJsonObject } from '../protocol/read-frame.js';

export interface MessageBody {
  text: string;
  /** A display name the body carries itself, when the sender's connection has none. */
  nickname?: string;
}

/** The chat text in `data`, or `null` when `data` is not a chat message. */
export function readMessageBody(data: unknown): MessageBody | null {
  // Only text that looks like a JSON object is tried as one: "42" stays text, and so does
  // an object that is not a chat message or is not JSON after all.
  return typeof data === 'string' ? fromObject(data.startsWith('{') && readJsonObject(data)) ?? { text: data } : fromObject(data);
}

function fromObject(value: unknown): MessageBody | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const text = typeof o['message'] === 'string' ? o['message'] : typeof o['text'] === 'string' ? o['text'] : undefined;
  if (text === undefined) return null;
  const nickname = nameOf(o['nickname']) ?? nameOf(o['sender']);
  return nickname ? { text, nickname } : { text };
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  const o = value as Record<string, unknown> | null | undefined;
  return [o?.['alias'], o?.['name'], o?.['nickname']].find((v): v is string => typeof v === 'string' && v !== '');
}

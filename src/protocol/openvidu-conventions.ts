/**
 * OpenVidu's conventions for signal types and connection data, without zod:
 * the relay's OpenVidu dialect (openvidu.ts) and the element (which also
 * runs on openvidu-browser sessions) both read them from here, so a
 * participant gets the same name whichever of them reads its data.
 */
import type { Status } from './frames.js';
import { readJsonObject } from './read-frame.js';

/** Types on OpenVidu's wire carry this prefix (`signal:chat`); ours do not (`chat`). */
export const OPENVIDU_TYPE_PREFIX = 'signal:';

/** `signal:chat` → `chat`; a type without the prefix stays as it is, and no type is ''. */
export function withoutTypePrefix(type: string | undefined = ''): string {
  return type.startsWith(OPENVIDU_TYPE_PREFIX) ? type.slice(OPENVIDU_TYPE_PREFIX.length) : type;
}

/** `signal:chat` → `chat`; `signal` or nothing → no type (OpenVidu's untyped signal). */
export function fromOpenViduType(type: string | undefined): string | undefined {
  if (type === undefined || type === '' || type === 'signal') return undefined;
  return withoutTypePrefix(type);
}

/** `chat` → `signal:chat`; no type → `signal` (what openvidu-server sends for an untyped signal). */
export function toOpenViduType(event: string | undefined): string {
  return event === undefined || event === '' ? 'signal' : OPENVIDU_TYPE_PREFIX + event;
}

// ---- connection data ---------------------------------------------------------

/**
 * Keys connection data may carry a display name under, in the order tried.
 * `clientData` first: it is where OpenVidu apps put the user's name
 * (`{"clientData": "Ann"}`), and an app may use `name` for something else.
 */
const NAME_KEYS = ['clientData', 'name', 'nickname', 'username'] as const;

/** Plain-text connection data longer than this is taken for data, not a name. */
const MAX_PLAIN_NAME_CHARS = 64;

/** The client part of OpenVidu connection data (openvidu-server appends `%/%<server data>`). */
function clientPart(metadata: string): string {
  const cut = metadata.indexOf('%/%');
  return (cut < 0 ? metadata : metadata.slice(0, cut)).trim();
}

/** The client part of connection data as a JSON object, if it is one (trimmed, only text in `{…}` can be). */
export function metadataObject(metadata: string): Record<string, unknown> | undefined {
  return readJsonObject(clientPart(metadata));
}

/** The display name in a connection data object: the first of NAME_KEYS that holds text. */
export function nameFromObject(object: Record<string, unknown> | undefined): string | undefined {
  for (const key of NAME_KEYS) {
    const value = object?.[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/** The display name in connection data: `{"clientData": "Ann"}` (see NAME_KEYS) or plain `Ann`. */
export function nameFromMetadata(metadata: string): string | undefined {
  const text = clientPart(metadata);
  if (!text) return undefined;
  if (!text.startsWith('{')) return text.length <= MAX_PLAIN_NAME_CHARS ? text : undefined;
  return nameFromObject(readJsonObject(text));
}

/**
 * The status an OpenVidu participant has in the room: `name` for our clients,
 * and the app's connection data unchanged as `metadata`, so other OpenVidu
 * clients get exactly the string it sent.
 */
export function metadataToStatus(metadata: string): Status {
  const name = nameFromMetadata(metadata);
  return name === undefined ? { metadata } : { name, metadata };
}

/**
 * The connection data OpenVidu clients see for a participant: `status.metadata`
 * when it is a string (an OpenVidu participant's own data), else the status
 * as JSON with the name also under `clientData`, where OpenVidu apps look.
 */
export function statusToMetadata(status: Status): string {
  const metadata = status['metadata'];
  if (typeof metadata === 'string') return metadata;
  const name = status['name'];
  return JSON.stringify({ clientData: typeof name === 'string' ? name : '', ...status });
}

/** Connection data with its name replaced by `name` (a token's name wins over the app's). */
export function withName(metadata: string, name: string): string {
  const text = clientPart(metadata);
  if (!text) return JSON.stringify({ clientData: name });
  if (!text.startsWith('{')) return name;
  const object = metadataObject(text);
  if (!object) return JSON.stringify({ clientData: name });
  const key = NAME_KEYS.find((k) => typeof object[k] === 'string') ?? 'clientData';
  return JSON.stringify({ ...object, [key]: name });
}

/**
 * Connection data as openvidu-server gives it to every client: the client's
 * own, then `%/%` and the server data of its REST connection, when both
 * exist; otherwise whichever there is.
 */
export function withServerData(clientData: string, serverData: string): string {
  if (!serverData) return clientData;
  if (!clientData) return serverData;
  return `${clientData}%/%${serverData}`;
}

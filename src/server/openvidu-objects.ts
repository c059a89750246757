/**
 * OpenVidu 2's REST objects (Session, Connection, error) as the relay shows
 * its rooms: the fields openvidu-node-client 2.32 reads, with the media ones
 * at their "no media" values. What is left out is listed in the README
 * ("Coming from OpenVidu").
 */
import { STATUS_CODES } from 'node:http';
import { toOpenViduRole } from '../protocol/openvidu.js';
import { statusToMetadata } from '../protocol/openvidu-conventions.js';
import type { SessionConnection, SessionInfo } from './hub.js';

/** The client's own part of an active connection's data (openvidu-server keeps it apart from the server data). */
function clientData(connection: SessionConnection): string | null {
  if (!connection.peerStatus) return null;
  const full = statusToMetadata(connection.peerStatus);
  const suffix = connection.serverData ? `%/%${connection.serverData}` : '';
  if (suffix && full.endsWith(suffix)) return full.slice(0, -suffix.length);
  return full === connection.serverData ? '' : full;
}

/** OpenVidu's Connection: an active one, or a pending one with its token. */
export function connectionJson(room: string, connection: SessionConnection) {
  const active = connection.status === 'active';
  return {
    id: connection.id,
    object: 'connection',
    connectionId: connection.id,
    type: 'WEBRTC',
    status: connection.status,
    sessionId: room,
    createdAt: connection.createdAt,
    activeAt: connection.activeAt ?? null,
    location: active ? '' : null,
    ip: active ? '' : null,
    platform: active ? '' : null,
    token: connection.token,
    serverData: connection.serverData,
    clientData: clientData(connection),
    record: false,
    role: toOpenViduRole(connection.role),
    kurentoOptions: null,
    rtspUri: null,
    adaptativeBitrate: null,
    onlyPlayWithSubscribers: null,
    networkCache: null,
    customIceServers: [],
    // Signals only: nobody publishes or subscribes to media.
    publishers: active ? [] : null,
    subscribers: active ? [] : null,
  };
}

/** OpenVidu's Token (`POST /openvidu/api/tokens`, deprecated there): the token of a pending connection. */
export function tokenJson(room: string, connection: SessionConnection) {
  return {
    id: connection.token,
    token: connection.token,
    connectionId: connection.id,
    createdAt: connection.createdAt,
    session: room,
    role: toOpenViduRole(connection.role),
    data: connection.serverData,
    kurentoOptions: null,
    record: false,
  };
}

/** A Session; `pendingConnections` false lists the active connections only, as OpenVidu does by default. */
export function sessionJson(session: SessionInfo, pendingConnections: boolean) {
  const content = session.connections
    .filter((connection) => pendingConnections || connection.status === 'active')
    .map((connection) => connectionJson(session.room, connection));
  return {
    id: session.room,
    object: 'session',
    sessionId: session.room,
    createdAt: session.createdAt,
    customSessionId: session.room,
    mediaMode: 'ROUTED',
    recordingMode: 'MANUAL',
    forcedVideoCodec: 'NONE',
    allowTranscoding: false,
    recording: false,
    broadcasting: false,
    connections: { numberOfElements: content.length, content },
  };
}

/** OpenVidu's (Spring's) error body: `{timestamp, status, error, message, path}`. */
export function errorJson(status: number, message: string, path: string) {
  return { timestamp: Date.now(), status, error: STATUS_CODES[status] ?? 'Error', message, path };
}

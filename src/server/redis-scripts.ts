/**
 * The Lua scripts of the Redis hub: every change to a room is one script, so
 * that no two relays can interleave, say, a seq and its log entry, and every
 * change is announced on the room's shard channel by the same script that
 * made it (in the order Redis ran them).
 *
 * Every key of room R is `<prefix>{R}:<part>`: the `{R}` hash tag puts them,
 * and the room's shard channel, in one slot, which is what lets the same
 * scripts run on Redis Cluster.
 *
 * Channel messages are `<kind><ev>/<life>|<a>|<b>[|<frame>]`, `ev` being the
 * room's event counter (a relay drops what a joining peer's `joined` already
 * covers) and `life` the room's `born` mark (a Redis that lost the room
 * counts ev from 1 again in a new life: the mark tells a relay that the
 * events it missed meanwhile were of that new life, whatever their numbers):
 *   F<ev>|<from>|<to: * or id,id>|<seq>|<frame> a signal
 *   P<ev>|<except>|<frame>                       presence for all but one
 *   L<ev>|<id>|<peer_left frame>                 a peer left (or was reaped)
 *   K<ev>|<id>|<peer_left frame>                 a peer was kicked: close its socket
 *   R<ev>|<id>|<relay:epoch>                     a peer resumed there: close any other socket of it
 *   O<ev>|<id>|<peer_role frame>                 the REST API changed a peer's role (everyone hears, the peer too)
 *   C<ev>||                                      the session was closed for everyone (REST DELETE)
 *
 * A member's record (`members`) is `<resume key>:<role>|<status JSON>`. The
 * room's REST side (OpenVidu's sessions): `session` (its createdAt, ms; made
 * by the first join or by `POST /openvidu/api/sessions`), `reserved`
 * (connection id → the JSON of a reservation no peer has taken yet) and
 * `conns` (member id → the JSON of its connection: createdAt, activeAt, and
 * the serverData and token of the reservation it took).
 *
 * Longer than 300 lines: it is the set of scripts, which share the key layout
 * and message format above and must be read against them; one file keeps them
 * and that description together.
 */

/** The parts of a room's keys, in the order every script gets them as KEYS. */
export const ROOM_KEY_PARTS = [
  'seq', 'ev', 'members', 'at', 'leases', 'hist', 'log', 'acks', 'ackorder', 'born', 'dropped', 'archive', 'session', 'reserved', 'conns', 'channel',
] as const;

/** The room's shard channel (the last of its keys). */
export function roomChannel(prefix: string, room: string): string {
  return `${prefix}{${room}}:channel`;
}

export function roomKeys(prefix: string, room: string): string[] {
  return ROOM_KEY_PARTS.map((part) => `${prefix}{${room}}:${part}`);
}

/** Shared helpers, prepended to every script (Lua 5.1, as Redis runs it). */
const PRELUDE = `
local K_SEQ, K_EV, K_MEMBERS, K_AT, K_LEASES, K_HIST, K_LOG, K_ACKS, K_ACKORDER, K_BORN, K_DROPPED, K_ARCHIVE = unpack(KEYS, 1, 12)
local K_SESSION, K_RESERVED, K_CONNS, K_CHANNEL = KEYS[13], KEYS[14], KEYS[15], KEYS[16]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function emit(kind, body)
  local ev = redis.call('INCR', K_EV)
  redis.call('SPUBLISH', K_CHANNEL, kind .. ev .. '/' .. (redis.call('GET', K_BORN) or '') .. '|' .. body)
  return ev
end
-- keep_conn: the peer's token comes back on a fresh join, which takes over its connection.
local function remove(id, kind, frame, keep_conn)
  redis.call('HDEL', K_MEMBERS, id)
  redis.call('HDEL', K_AT, id)
  redis.call('ZREM', K_LEASES, id)
  if not keep_conn then redis.call('HDEL', K_CONNS, id) end
  emit(kind, id .. '|' .. frame)
end
-- Peers whose lease ran out (their grace period ended, or their relay died)
-- leave with reason network.
local function reap(now)
  local expired = redis.call('ZRANGEBYSCORE', K_LEASES, '-inf', now)
  for _, id in ipairs(expired) do
    remove(id, 'L', '{"type":"peer_left","peer":"' .. id .. '","reason":"network"}')
  end
end
local function keep(ttl)
  for i = 1, #KEYS - 1 do redis.call('PEXPIRE', KEYS[i], ttl) end
end
-- After a peer left: a room nobody is in any more is kept as long as an
-- empty room (empty_ttl), as on the memory hub; one with members outlives their leases (ttl).
local function keep_after_leave(ttl, empty_ttl)
  if redis.call('EXISTS', K_MEMBERS) == 0 then keep(empty_ttl) else keep(ttl) end
end
local function seq_now()
  return tonumber(redis.call('GET', K_SEQ) or '0')
end
local function ev_now()
  return tonumber(redis.call('GET', K_EV) or '0')
end
-- A member record is key:role|status (status a JSON object). One written
-- before roles were kept (key|status; the key is base64url, no ':') has no
-- role: nil here, shown to others as a publisher's (the role of every peer
-- without a token), and given the token's role when its peer resumes.
local function parse_record(value)
  local bar = string.find(value, '|', 1, true)
  local head = string.sub(value, 1, bar - 1)
  local colon = string.find(head, ':', 1, true)
  if not colon then return head, nil, string.sub(value, bar + 1) end
  return string.sub(head, 1, colon - 1), string.sub(head, colon + 1), string.sub(value, bar + 1)
end
-- Everyone but id: id, status, role, id, status, role, …
local function peers_except(id)
  local all = redis.call('HGETALL', K_MEMBERS)
  local out = {}
  for i = 1, #all, 2 do
    if all[i] ~= id then
      local _, role, status = parse_record(all[i + 1])
      out[#out + 1] = all[i]
      out[#out + 1] = status
      out[#out + 1] = role or 'publisher'
    end
  end
  return out
end
`;

/**
 * ARGV: at, leaseMs, ttlMs, maxPeers, resumeId, resumeKey, resumeSeq,
 * resumeOnly, status, newId, newKey, peerJoinedHead, peerStatusFrame,
 * wantHistory, role (the token role of a fresh join; a resumed peer keeps
 * the one its record holds), rosterLife (the room's life whose members the
 * relay keeps from the channel: a join in that life is not sent the member
 * list, which the relay has; '' for the list), peerJoinedTail (the
 * peer_joined frame is cut around its role, which a REST connection's
 * reservation may decide), connectionId (the REST reservation the join
 * presents, or '').
 * → {'ok', id, key, resumed, seq, ev, peers (id, status, role, …), backlog frames, born, role, listed (1: peers is the list)}
 *   | {'unknown_peer'} | {'room_full'} | {'unauthorized', message}
 */
const JOIN = `
local at, lease, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
-- Which life of the room this is: a Redis that lost it starts a new one.
local born = redis.call('GET', K_BORN)
-- 'closed': the session was closed for everyone; a join starts a new one.
if not born or born == 'closed' then
  born = at
  redis.call('SET', K_BORN, born)
end
local now = now_ms()
reap(now)
-- A refused join leaves nothing behind that would not expire (born, above).
local function refuse(...)
  keep(ttl)
  return {...}
end
-- A relay that keeps this life's members from the channel lists them itself: a join storm
-- (a reconnect storm too) then costs Redis the same per join whatever the size of the room.
local function joined(id, key, resumed, backlog, role)
  redis.call('SET', K_SESSION, now, 'NX')
  keep(ttl)
  if ARGV[16] == born then return {'ok', id, key, resumed, seq_now(), ev_now(), {}, backlog, born, role, 0} end
  return {'ok', id, key, resumed, seq_now(), ev_now(), peers_except(id), backlog, born, role, 1}
end
local rid, status, cid = ARGV[5], ARGV[9], ARGV[18]
if rid ~= '' then
  local value = redis.call('HGET', K_MEMBERS, rid)
  local key, role, old_status
  if value then key, role, old_status = parse_record(value) end
  if value and key == ARGV[6] then
    -- The peer's own identity: its token's connection is its already (as on the memory hub, a resume takes no reservation).
    cid = ''
    local after = tonumber(ARGV[7])
    -- Everything after floor is still in the log: the highest seq it dropped
    -- (ephemeral signals leave gaps in the log, so its first entry does not
    -- tell). Without that record (Redis lost the room), only what the log holds.
    local floor = tonumber(redis.call('GET', K_DROPPED) or '-1')
    if floor < 0 then
      floor = seq_now()
      local first = redis.call('XRANGE', K_LOG, '-', '+', 'COUNT', 1)
      if #first > 0 then floor = tonumber(string.match(first[1][1], '^(%d+)')) - 1 end
    end
    if after >= floor then
      local backlog = {}
      for _, entry in ipairs(redis.call('XRANGE', K_LOG, tostring(after + 1), '+')) do
        local f = entry[2]
        local from, to = f[4], f[6]
        if from ~= rid and (to == '*' or string.find(',' .. to .. ',', ',' .. rid .. ',', 1, true)) then
          backlog[#backlog + 1] = f[2]
        end
      end
      redis.call('HSET', K_AT, rid, at)
      redis.call('ZADD', K_LEASES, now + lease, rid)
      emit('R', rid .. '|' .. at)
      if not role or old_status ~= status then
        role = role or ARGV[15]
        redis.call('HSET', K_MEMBERS, rid, key .. ':' .. role .. '|' .. status)
      end
      if old_status ~= status then emit('P', rid .. '|' .. ARGV[13]) end
      return joined(rid, key, 1, backlog, role)
    end
    -- The log no longer reaches back far enough: the old identity ends.
    remove(rid, 'L', '{"type":"peer_left","peer":"' .. rid .. '","reason":"network"}')
  end
  if ARGV[8] == '1' then return refuse('unknown_peer') end
end
local id, role = ARGV[10], ARGV[15]
-- A REST connection's token: the peer takes the reserved connection, its id and role.
local gone = "the token's connection is gone (removed, or its session closed)"
local conn
local reserved = 0
if cid ~= '' then
  local value = redis.call('HGET', K_MEMBERS, cid)
  if value then
    local held = cjson.decode(redis.call('HGET', K_CONNS, cid) or '{}')
    if not held.token then return refuse('unauthorized', gone) end
    if redis.call('HGET', K_AT, cid) ~= '' then return refuse('unauthorized', 'this token is in use by a connected peer') end
    -- The token's owner came back on a fresh join while its old identity
    -- waited out the grace period: that identity ends, the connection goes on.
    local _, held_role = parse_record(value)
    remove(cid, 'L', '{"type":"peer_left","peer":"' .. cid .. '","reason":"network"}', true)
    held.role = held_role or role
    conn = held
  else
    local text = redis.call('HGET', K_RESERVED, cid)
    if not text then return refuse('unauthorized', gone) end
    conn = cjson.decode(text)
    if conn.expiresAt <= now then
      redis.call('HDEL', K_RESERVED, cid)
      return refuse('unauthorized', 'the token has expired')
    end
    reserved = 1
  end
  id, role = cid, conn.role
end
if redis.call('HLEN', K_MEMBERS) + redis.call('HLEN', K_RESERVED) >= tonumber(ARGV[4]) + reserved then return refuse('room_full') end
if conn then
  redis.call('HDEL', K_RESERVED, cid)
  conn.role = nil
  conn.expiresAt = nil
else
  conn = {createdAt = now}
end
conn.activeAt = now
redis.call('HSET', K_CONNS, id, cjson.encode(conn))
redis.call('HSET', K_MEMBERS, id, ARGV[11] .. ':' .. role .. '|' .. status)
redis.call('HSET', K_AT, id, at)
redis.call('ZADD', K_LEASES, now + lease, id)
emit('P', id .. '|' .. ARGV[12] .. role .. ARGV[17])
local history = {}
if ARGV[14] == '1' then
  for _, entry in ipairs(redis.call('XRANGE', K_HIST, '-', '+')) do history[#history + 1] = entry[2][2] end
end
return joined(id, ARGV[11], 0, history, role)
`;

/**
 * Signals, one or more: those a relay took within a millisecond or so go to
 * Redis as one call (redis-publish-batch.ts), each handled as if it were
 * alone and in the order given (their seq, log entries and channel messages
 * follow that order), so the call is one write for the relay and one
 * script for Redis, and its channel messages reach every relay in one read.
 * What a batch shares is read once: the room's existence (no signal
 * changes who is in it), its life, the time, its member count; the resume
 * log's cap and retention and the de-duplication ids' cap are applied once,
 * after the last signal.
 * ARGV: historySize, logMaxEntries, logRetentionMs, ackMemory, ttlMs,
 * logSize (the archive that older-history pages read), then per signal:
 * from ('' for the server), signalId (''), to ('*' for everyone or id,id),
 * frameHead, frameMid, frameTail (the from frame around its seq and time),
 * nameSuffix (`,"name":…` for the stored copy that history and resume
 * send), ephemeral ('1': delivered only, never in the log or history).
 * → per signal, three entries: 'ok', seq, time | 'duplicate', seq, time |
 * 'no_room', 0, 0 | 'not_joined', 0, 0 | 'unknown_peer', id, 0
 */
const PUBLISH = `
local history_size, log_max, retention, ack_memory = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local out = {}
local function answer(outcome, a, b)
  out[#out + 1] = outcome
  out[#out + 1] = a
  out[#out + 1] = b
end
if redis.call('EXISTS', K_MEMBERS) == 0 then
  for _ = 7, #ARGV, 8 do answer('no_room', 0, 0) end
  return out
end
local now = now_ms()
local now_text = string.format('%d', now)
local life = redis.call('GET', K_BORN) or ''
local members = math.max(1, redis.call('HLEN', K_MEMBERS))
local kept, logged, acked_any = false, false, false
redis.call('SETNX', K_DROPPED, 0)
local function publish(from, signal_id, to, head, mid, tail, name_suffix, ephemeral)
  if from ~= '' and redis.call('HEXISTS', K_MEMBERS, from) == 0 then return answer('not_joined', 0, 0) end
  local ack_field = from .. ' ' .. signal_id
  local acked = from ~= '' and signal_id ~= ''
  if acked then
    local earlier = redis.call('HGET', K_ACKS, ack_field)
    if earlier then
      local s, t = string.match(earlier, '^(%d+) (%d+)$')
      return answer('duplicate', tonumber(s), tonumber(t))
    end
  end
  if to ~= '*' then
    for id in string.gmatch(to, '[^,]+') do
      if redis.call('HEXISTS', K_MEMBERS, id) == 0 then return answer('unknown_peer', id, 0) end
    end
  end
  local seq = redis.call('INCR', K_SEQ)
  local frame = head .. seq .. mid .. now_text .. tail
  -- An ephemeral signal is delivered now or never: nothing keeps it.
  if ephemeral ~= '1' then
    local stored = frame
    if name_suffix ~= '' then stored = string.sub(frame, 1, -2) .. name_suffix .. '}' end
    redis.call('XADD', K_LOG, seq .. '-0', 'f', stored, 'p', from, 't', to, 'm', now_text)
    logged = true
    -- No history kept (--history 0): nothing to write.
    if to == '*' and history_size > 0 then redis.call('XADD', K_HIST, 'MAXLEN', history_size, seq .. '-0', 'f', stored) end
    redis.call('XADD', K_ARCHIVE, 'MAXLEN', ARGV[6], seq .. '-0', 'f', stored, 'p', from, 't', to)
  end
  local ev = redis.call('INCR', K_EV)
  redis.call('SPUBLISH', K_CHANNEL, 'F' .. ev .. '/' .. life .. '|' .. from .. '|' .. to .. '|' .. seq .. '|' .. frame)
  if acked then
    redis.call('HSET', K_ACKS, ack_field, seq .. ' ' .. now_text)
    redis.call('RPUSH', K_ACKORDER, ack_field)
    acked_any = true
  end
  -- Every relay renews its rooms' expiry with its leases; a signal does so
  -- only now and then (and on a room's first signal, which makes the log).
  if seq % 100 == 1 then kept = true end
  answer('ok', seq, now)
end
for i = 7, #ARGV, 8 do
  publish(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], ARGV[i + 7])
end
-- The resume log, once for the whole batch: its oldest entries beyond
-- log_max go, then (at most 100 a call) those older than the retention; the
-- highest seq dropped is kept, for a resume to tell whether it is whole.
-- (Each signal of a batch could make room before its own entry; what the
-- log holds once the script ends is the same.)
-- (A cap of 0 keeps the newest entry, as making room before each one did.)
local over = logged and math.max(0, redis.call('XLEN', K_LOG) - math.max(log_max, 1)) or 0
local cutoff = now - retention
local dropped, looked = 0, 0
local last
while dropped < over + 100 do
  local want = (dropped < over) and (over - dropped) or 1
  local entries = redis.call('XRANGE', K_LOG, last and ('(' .. last) or '-', '+', 'COUNT', want)
  if #entries == 0 then break end
  local stop = false
  for _, entry in ipairs(entries) do
    if dropped >= over and tonumber(entry[2][8]) >= cutoff then
      stop = true
      break
    end
    last = entry[1]
    dropped = dropped + 1
  end
  if stop then break end
end
if last then
  local seq_dropped = string.match(last, '^(%d+)')
  -- Entries are <seq>-0: MINID <seq>-1 drops everything up to that one.
  redis.call('XTRIM', K_LOG, 'MINID', seq_dropped .. '-1')
  redis.call('SET', K_DROPPED, seq_dropped)
end
-- The signal ids kept for de-duplication, once for the batch.
if acked_any then
  local excess = redis.call('LLEN', K_ACKORDER) - ack_memory * members
  while excess > 0 do
    local gone = redis.call('LPOP', K_ACKORDER, math.min(excess, 1000))
    if not gone then break end
    redis.call('HDEL', K_ACKS, unpack(gone))
    excess = excess - #gone
  end
end
if kept then keep(ARGV[5]) end
return out
`;

/** ARGV: id, kind (L or K), peer_left frame, ttlMs, emptyRoomTtlMs → 1 if the peer was there. */
const LEAVE = `
if redis.call('HEXISTS', K_MEMBERS, ARGV[1]) == 0 then return 0 end
remove(ARGV[1], ARGV[2], ARGV[3])
keep_after_leave(ARGV[4], ARGV[5])
return 1
`;

/** ARGV: id, at (only that socket's detach counts), graceMs → 1 if detached. */
const DETACH = `
if redis.call('HGET', K_AT, ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', K_AT, ARGV[1], '')
redis.call('ZADD', K_LEASES, now_ms() + tonumber(ARGV[3]), ARGV[1])
return 1
`;

/** ARGV: id, status, peer_status frame. The record keeps its key and role (whatever its format). */
const SET_STATUS = `
local value = redis.call('HGET', K_MEMBERS, ARGV[1])
if not value then return 0 end
redis.call('HSET', K_MEMBERS, ARGV[1], string.sub(value, 1, string.find(value, '|', 1, true)) .. ARGV[2])
emit('P', ARGV[1] .. '|' .. ARGV[3])
return 1
`;

/**
 * A relay's periodic word for its peers in one room: their leases go on,
 * expired ones elsewhere are reaped, and, when Redis lost the room (a restart
 * without persistence), the peers this relay still holds are put back (each
 * announced as joined once the new life has had events: someone may have
 * joined it before) and the seq
 * goes on from the highest this relay has seen, so clients never see it go
 * back.
 * ARGV: leaseMs, ttlMs, minSeq, the room's life this relay knows (born), a
 * new one should the room be gone, then (id, at, key:role|status) per local peer.
 * → {the room's life now, its ev} (the relay checks its channel brought every
 * event); {'closed', 0}: the session was closed for everyone, and this relay's
 * peers of it are to be closed, not put back.
 */
const TOUCH = `
local born = redis.call('GET', K_BORN)
if born == 'closed' then return {born, 0} end
local wiped = born ~= ARGV[4]
if not born then
  born = ARGV[5]
  redis.call('SET', K_BORN, born)
end
local now = now_ms()
local lease = tonumber(ARGV[1])
-- Our peers' leases first: a relay never reaps the peers whose sockets it holds.
for i = 6, #ARGV, 3 do
  local id, at = ARGV[i], ARGV[i + 1]
  local current = redis.call('HGET', K_AT, id)
  if current == at then
    redis.call('ZADD', K_LEASES, now + lease, id)
  elseif wiped and not current and redis.call('HEXISTS', K_MEMBERS, id) == 0 then
    redis.call('HSET', K_MEMBERS, id, ARGV[i + 2])
    redis.call('HSET', K_AT, id, at)
    redis.call('ZADD', K_LEASES, now + lease, id)
    -- A peer that joined the new life before this relay came back has not
    -- heard of this one: say it on the channel. Not while the new life has
    -- had no event at all (every relay putting its peers back, nobody new):
    -- the peers all knew each other, and a relay whose subscription is not
    -- back yet would take the event it missed for a gap and send its peers
    -- off to resume.
    if ev_now() > 0 then
      local _, role, status = parse_record(ARGV[i + 2])
      emit('P', id .. '|{"type":"peer_joined","peer":"' .. id .. '","status":' .. status .. ',"role":"' .. (role or 'publisher') .. '"}')
    end
  end
end
reap(now)
redis.call('SET', K_SESSION, now, 'NX')
if wiped and seq_now() < tonumber(ARGV[3]) then redis.call('SET', K_SEQ, ARGV[3]) end
-- What the lost log held is gone: a resume must start after it.
if wiped then redis.call('SET', K_DROPPED, seq_now()) end
keep(ARGV[2])
return {born, ev_now()}
`;

/** → {seq, members (id, key:role|status, …), at (id, at, …)} after reaping. */
const SNAPSHOT = `
reap(now_ms())
return {seq_now(), redis.call('HGETALL', K_MEMBERS), redis.call('HGETALL', K_AT)}
`;

/**
 * REST's `POST /sessions`: the room's session, made if absent and then kept
 * as an empty room is. ARGV: emptyRoomTtlMs → {created (1 or 0), createdAt}.
 */
const OPEN_SESSION = `
local created = redis.call('GET', K_SESSION)
if created then return {0, created} end
local now = now_ms()
redis.call('SET', K_SESSION, now, 'PX', ARGV[1])
return {1, tostring(now)}
`;

/** → {} when there is no session, else {createdAt, members (id, key:role|status, …), conns (id, json, …), reserved (id, json, …)}. */
const SESSION = `
reap(now_ms())
local created = redis.call('GET', K_SESSION)
if not created then return {} end
return {created, redis.call('HGETALL', K_MEMBERS), redis.call('HGETALL', K_CONNS), redis.call('HGETALL', K_RESERVED)}
`;

/**
 * Close the session for everyone: every relay hears C and closes its peers'
 * sockets; every key goes but two. A tombstone in born keeps a relay that
 * has not heard yet from putting its peers back (its lease renewal is told
 * 'closed'), and the event count goes on, so a join that runs after the
 * close is never mistaken for one that C came after. ARGV: ttlMs → 1, or 0
 * when there was no such session.
 */
const CLOSE_SESSION = `
if redis.call('EXISTS', K_SESSION) == 0 and redis.call('EXISTS', K_MEMBERS) == 0 then return 0 end
emit('C', '|')
for i = 1, #KEYS - 1 do
  if KEYS[i] ~= K_EV then redis.call('DEL', KEYS[i]) end
end
redis.call('PEXPIRE', K_EV, ARGV[1])
redis.call('SET', K_BORN, 'closed', 'PX', ARGV[1])
return 1
`;

/**
 * Reserve a connection for a REST token. ARGV: id, reservation JSON,
 * maxPeers → 'ok' | 'unknown_room' | 'room_full'.
 */
const RESERVE = `
if redis.call('EXISTS', K_SESSION) == 0 then return 'unknown_room' end
if redis.call('HLEN', K_MEMBERS) + redis.call('HLEN', K_RESERVED) >= tonumber(ARGV[3]) then return 'room_full' end
redis.call('HSET', K_RESERVED, ARGV[1], ARGV[2])
-- The reservations live as long as the session does.
local ttl = redis.call('PTTL', K_SESSION)
if ttl > 0 then redis.call('PEXPIRE', K_RESERVED, ttl) end
return 'ok'
`;

/**
 * REST's force disconnect: drop a reservation, or remove the peer that took
 * it as LEAVE does a kick (K: its relay closes its socket). ARGV: LEAVE's →
 * 1, or 0 when neither exists.
 */
const DROP_CONNECTION = `
if redis.call('HDEL', K_RESERVED, ARGV[1]) == 1 then return 1 end
${LEAVE}`;

/**
 * REST's role change, of a reservation or a member (everyone hears O).
 * ARGV: id, role, peer_role frame → {'pending', reservation JSON} |
 * {'active', record, conn JSON} | {'none'}.
 */
const SET_ROLE = `
local text = redis.call('HGET', K_RESERVED, ARGV[1])
if text then
  local reservation = cjson.decode(text)
  reservation.role = ARGV[2]
  text = cjson.encode(reservation)
  redis.call('HSET', K_RESERVED, ARGV[1], text)
  return {'pending', text}
end
local value = redis.call('HGET', K_MEMBERS, ARGV[1])
if not value then return {'none'} end
local key, _, status = parse_record(value)
value = key .. ':' .. ARGV[2] .. '|' .. status
redis.call('HSET', K_MEMBERS, ARGV[1], value)
emit('O', ARGV[1] .. '|' .. ARGV[3])
return {'active', value, redis.call('HGET', K_CONNS, ARGV[1]) or '{}'}
`;

export const SCRIPTS = {
  scJoin: PRELUDE + JOIN,
  scPublish: PRELUDE + PUBLISH,
  scLeave: PRELUDE + LEAVE,
  scDetach: PRELUDE + DETACH,
  scSetStatus: PRELUDE + SET_STATUS,
  scTouch: PRELUDE + TOUCH,
  scSnapshot: PRELUDE + SNAPSHOT,
  scOpenSession: PRELUDE + OPEN_SESSION,
  scSession: PRELUDE + SESSION,
  scCloseSession: PRELUDE + CLOSE_SESSION,
  scReserve: PRELUDE + RESERVE,
  scDropConnection: PRELUDE + DROP_CONNECTION,
  scSetRole: PRELUDE + SET_ROLE,
} as const;

export type ScriptName = keyof typeof SCRIPTS;

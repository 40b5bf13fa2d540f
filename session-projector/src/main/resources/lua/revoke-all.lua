-- AllSessionsRevoked and PasswordChanged: raise the user's revocation epoch, then delete every
-- indexed session of the user except the kept one, fenced by the record's topic id and offset (fence.lua).
-- Every indexed session's LoggedIn came earlier in the user's partition, so it was committed before the
-- revocation: it goes, whatever its creation time (which may equal the epoch to the millisecond).
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, SessionHash for s:{sid},
-- UserRevokedHash for n:{uid}); the 's:' and 'x:' below are RedisLayout.Family's SESSION and REVOKED tags, and
-- the braces around the sid's first 4 characters are RedisLayout.sessionTag's hash tag: a session id minted for the
-- user starts with the user's tag, so these keys are in the user's slot. Lua cannot import them, so LuaLayoutTest
-- holds the literals here to those.
-- KEYS: 1 f:{uid} the user's fence, 2 u:{uid}, 3 n:{uid}
-- ARGV: 1-6 the fence (topic, topic id, partition, offset, previous offset, fence TTL), 7 now ms, 8 epoch TTL ms
--       (>= the absolute lifetime), 9 key prefix, 10 not-before ms, 11 kept sid ('' for none)
-- Returns {0, sid...} applied (the revoked sids), {1} already applied, {5} refused: the previous offset
--         is not applied yet, {6} foreign
local refused = fence()
if refused then return {refused} end
local now = tonumber(ARGV[7])
local notBefore = tonumber(ARGV[10])
local current = redis.call('HGET', KEYS[3], 'nb')
if not current or tonumber(current) <= notBefore then
    redis.call('HSET', KEYS[3], 'nb', ARGV[10], 'k', ARGV[11])
    redis.call('PEXPIRE', KEYS[3], ARGV[8])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local revoked = {0}
for _, sid in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if sid ~= ARGV[11] then
        local tag = '{' .. string.sub(sid, 1, 4) .. '}'
        forget(ARGV[9] .. 's:' .. tag .. sid, ARGV[9] .. 'x:' .. tag .. sid, nil, now, tonumber(ARGV[8]))
        redis.call('ZREM', KEYS[2], sid)
        revoked[#revoked + 1] = sid
    end
end
return revoked

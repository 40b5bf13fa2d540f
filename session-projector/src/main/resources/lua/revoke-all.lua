-- AllSessionsRevoked and PasswordChanged: raise the user's revocation epoch, then delete every
-- indexed session of the user except the kept one, fenced by the record's topic id and offset (fence.lua).
-- Every indexed session's LoggedIn came earlier in the user's partition, so it was committed before the
-- revocation: it goes, whatever its creation time (which may equal the epoch to the millisecond).
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, SessionHash for s:{sid},
-- UserRevokedHash for n:{uid}); the 's:' and 'x:' below are RedisLayout.Family's SESSION and REVOKED tags.
-- Lua cannot import them, so LuaLayoutTest holds the literals here to those.
-- KEYS: 1 applied, 2 u:{uid}, 3 n:{uid}
-- ARGV: 1-5 the fence (topic, topic id, partition, offset, previous offset), 6 now ms, 7 epoch TTL ms
--       (>= the absolute lifetime), 8 key prefix, 9 not-before ms, 10 kept sid ('' for none)
-- Returns {0, sid...} applied (the revoked sids), {1} already applied, {5} refused: the previous offset
--         is not applied yet, {6} foreign
local refused = fence()
if refused then return {refused} end
local now = tonumber(ARGV[6])
local notBefore = tonumber(ARGV[9])
local current = redis.call('HGET', KEYS[3], 'nb')
if not current or tonumber(current) <= notBefore then
    redis.call('HSET', KEYS[3], 'nb', ARGV[9], 'k', ARGV[10])
    redis.call('PEXPIRE', KEYS[3], ARGV[7])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local revoked = {0}
for _, sid in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    local session = ARGV[8] .. 's:' .. sid
    if sid ~= ARGV[10] then
        local ea = redis.call('HGET', session, 'ea')
        local markUntil = ea and tonumber(ea) or (now + tonumber(ARGV[7]))
        redis.call('DEL', session)
        redis.call('ZREM', KEYS[2], sid)
        if markUntil > now then redis.call('SET', ARGV[8] .. 'x:' .. sid, '1', 'PXAT', markUntil) end
        revoked[#revoked + 1] = sid
    end
end
return revoked

-- AllSessionsRevoked and PasswordChanged: raise the user's revocation epoch, then delete every
-- indexed session of the user except the kept one, fenced by the record's offset. Every indexed
-- session's LoggedIn came earlier in the user's partition, so it was committed before the
-- revocation: it goes, whatever its creation time (which may equal the epoch to the millisecond).
-- KEYS: 1 applied, 2 u:{uid}, 3 n:{uid}
-- ARGV: 1 fence field, 2 offset, 3 previous offset (see below), 4 now ms, 5 epoch TTL ms (≥ the absolute
--       lifetime), 6 key prefix, 7 not-before ms, 8 kept sid ('' for none)
-- Returns {0, sid...} applied (the revoked sids), {1} already applied, {5} refused: the previous offset
--         is not applied yet
-- Previous offset: the record of the same partition sent just before this one in the same batch (-1:
-- none). If it is not applied (its command failed), this one is refused, so a batch never applies a
-- later record over a failed earlier one: the fence would otherwise skip the earlier one on retry.
local last = redis.call('HGET', KEYS[1], ARGV[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then return {1} end
if tonumber(ARGV[3]) >= 0 and (not last or tonumber(last) < tonumber(ARGV[3])) then return {5} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local now = tonumber(ARGV[4])
local notBefore = tonumber(ARGV[7])
local current = redis.call('HGET', KEYS[3], 'nb')
if not current or tonumber(current) <= notBefore then
    redis.call('HSET', KEYS[3], 'nb', ARGV[7], 'k', ARGV[8])
    redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local revoked = {0}
for _, sid in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    local session = ARGV[6] .. 's:' .. sid
    if sid ~= ARGV[8] then
        local ea = redis.call('HGET', session, 'ea')
        local markUntil = ea and tonumber(ea) or (now + tonumber(ARGV[5]))
        redis.call('DEL', session)
        redis.call('ZREM', KEYS[2], sid)
        if markUntil > now then redis.call('SET', ARGV[6] .. 'x:' .. sid, '1', 'PXAT', markUntil) end
        revoked[#revoked + 1] = sid
    end
end
return revoked

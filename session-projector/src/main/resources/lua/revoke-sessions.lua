-- LoggedOut and SessionRevoked: delete the user's listed sessions, unindex them and remember them
-- as revoked, fenced by the record's offset. A listed sid held by another user is left alone.
-- KEYS: 1 applied, 2 u:{uid}, then per session: s:{sid}, x:{sid}
-- ARGV: 1 fence field, 2 offset, 3 previous offset (see below), 4 now ms, 5 revoked marker TTL ms when
--       the expiry is unknown, 6 uid, then the sids in the order of their keys
-- Returns 0 applied, 1 already applied, 5 refused: the previous offset is not applied yet
-- Previous offset: the record of the same partition sent just before this one in the same batch (-1:
-- none). If it is not applied (its command failed), this one is refused, so a batch never applies a
-- later record over a failed earlier one: the fence would otherwise skip the earlier one on retry.
local last = redis.call('HGET', KEYS[1], ARGV[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then return 1 end
if tonumber(ARGV[3]) >= 0 and (not last or tonumber(last) < tonumber(ARGV[3])) then return 5 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local now = tonumber(ARGV[4])
for i = 7, #ARGV do
    local session = KEYS[3 + (i - 7) * 2]
    local marker = KEYS[4 + (i - 7) * 2]
    local owner = redis.call('HMGET', session, 'uid', 'ea')
    if not owner[1] or owner[1] == ARGV[6] then
        local markUntil = owner[2] and tonumber(owner[2]) or (now + tonumber(ARGV[5]))
        redis.call('DEL', session)
        redis.call('ZREM', KEYS[2], ARGV[i])
        if markUntil > now then redis.call('SET', marker, '1', 'PXAT', markUntil) end
    end
end
return 0

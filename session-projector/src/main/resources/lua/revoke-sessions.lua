-- LoggedOut and SessionRevoked: delete the user's listed sessions, unindex them and remember them
-- as revoked, fenced by the record's offset. A listed sid held by another user is left alone.
-- KEYS: 1 applied, 2 u:{uid}, then per session: s:{sid}, x:{sid}
-- ARGV: 1 fence field, 2 offset, 3 now ms, 4 revoked marker TTL ms when the expiry is unknown, 5 uid,
--       then the sids in the order of their keys
-- Returns 0 applied, 1 already applied
local last = redis.call('HGET', KEYS[1], ARGV[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then return 1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local now = tonumber(ARGV[3])
for i = 6, #ARGV do
    local session = KEYS[3 + (i - 6) * 2]
    local marker = KEYS[4 + (i - 6) * 2]
    local owner = redis.call('HMGET', session, 'uid', 'ea')
    if not owner[1] or owner[1] == ARGV[5] then
        local markUntil = owner[2] and tonumber(owner[2]) or (now + tonumber(ARGV[4]))
        redis.call('DEL', session)
        redis.call('ZREM', KEYS[2], ARGV[i])
        if markUntil > now then redis.call('SET', marker, '1', 'PXAT', markUntil) end
    end
end
return 0

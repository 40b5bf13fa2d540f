-- LoggedOut: delete the session, unindex it and remember it as revoked, fenced by the record's offset.
-- KEYS: 1 applied, 2 s:{sid}, 3 u:{uid}, 4 x:{sid}
-- ARGV: 1 fence field, 2 offset, 3 now ms, 4 sid, 5 revoked marker TTL ms when the expiry is unknown
-- Returns 0 applied, 1 already applied
local last = redis.call('HGET', KEYS[1], ARGV[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then return 1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local now = tonumber(ARGV[3])
local ea = redis.call('HGET', KEYS[2], 'ea')
local markUntil = ea and tonumber(ea) or (now + tonumber(ARGV[5]))
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[4])
if markUntil > now then redis.call('SET', KEYS[4], '1', 'PXAT', markUntil) end
return 0

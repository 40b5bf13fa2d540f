-- LoggedIn: create the session and index it, fenced by the record's topic id and offset (fence.lua).
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, SessionHash for s:{sid},
-- UserRevokedHash for n:{uid}); Lua cannot import them, so LuaLayoutTest holds the literals here to those.
-- KEYS: 1 applied, 2 s:{sid}, 3 u:{uid}, 4 x:{sid}, 5 n:{uid}
-- ARGV: 1-5 the fence (topic, topic id, partition, offset, previous offset), 6 now ms, 7 sid, 8 uid,
--       9 secret hash, 10 created ms, 11 absolute expiry ms, 12 idle expiry ms, 13 ip, 14 user agent,
--       15 roles (comma-separated), 16 idle timeout ms (the event's idle expiry - created: a rebuild passes
--       in 12 an idle expiry already extended by the activity seen since, and touches must still extend by
--       the session's own timeout)
-- Returns 0 applied, 1 already applied, 2 skipped (sid revoked, or created before the user's epoch),
--         3 skipped (already expired), 5 refused: the previous offset is not applied yet, 6 foreign
local refused = fence()
if refused then return refused end
if redis.call('EXISTS', KEYS[4]) == 1 then return 2 end
local epoch = redis.call('HMGET', KEYS[5], 'nb', 'k')
if epoch[1] and tonumber(ARGV[10]) < tonumber(epoch[1]) and epoch[2] ~= ARGV[7] then return 2 end
local now = tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local expiry = math.min(tonumber(ARGV[11]), tonumber(ARGV[12]))
if expiry <= now then return 3 end
redis.call('HSET', KEYS[2], 'uid', ARGV[8], 'sh', ARGV[9], 'cr', ARGV[10], 'ea', ARGV[11], 'ei', ARGV[12],
    'it', ARGV[16], 'ls', ARGV[10], 'ip', ARGV[13], 'ua', ARGV[14], 'ro', ARGV[15])
redis.call('PEXPIREAT', KEYS[2], expiry)
redis.call('ZADD', KEYS[3], expiry, ARGV[7])
local top = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[3], top[2])
return 0

-- LoggedIn: create the session and index it, fenced by the record's topic id and offset (fence.lua).
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, SessionHash for s:{sid},
-- UserRevokedHash for n:{uid}); Lua cannot import them, so LuaLayoutTest holds the literals here to those.
-- KEYS: 1 f:{uid} the user's fence, 2 s:{sid}, 3 u:{uid}, 4 x:{sid}, 5 n:{uid} (one slot: the user's)
-- ARGV: 1-6 the fence (topic, topic id, partition, offset, previous offset, fence TTL), 7 now ms, 8 sid, 9 uid,
--       10 secret hash, 11 created ms, 12 absolute expiry ms, 13 idle expiry ms, 14 ip, 15 user agent,
--       16 roles (comma-separated), 17 idle timeout ms (the event's idle expiry - created: a rebuild passes
--       in 13 an idle expiry already extended by the activity seen since, and touches must still extend by
--       the session's own timeout)
-- Returns 0 applied, 1 already applied, 2 skipped (sid revoked, or created before the user's epoch),
--         3 skipped (already expired), 5 refused: the previous offset is not applied yet, 6 foreign
local refused = fence()
if refused then return refused end
if redis.call('EXISTS', KEYS[4]) == 1 then return 2 end
local epoch = redis.call('HMGET', KEYS[5], 'nb', 'k')
if epoch[1] and tonumber(ARGV[11]) < tonumber(epoch[1]) and epoch[2] ~= ARGV[8] then return 2 end
local now = tonumber(ARGV[7])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local expiry = math.min(tonumber(ARGV[12]), tonumber(ARGV[13]))
if expiry <= now then return 3 end
redis.call('HSET', KEYS[2], 'uid', ARGV[9], 'sh', ARGV[10], 'cr', ARGV[11], 'ea', ARGV[12], 'ei', ARGV[13],
    'it', ARGV[17], 'ls', ARGV[11], 'ip', ARGV[14], 'ua', ARGV[15], 'ro', ARGV[16])
redis.call('PEXPIREAT', KEYS[2], expiry)
redis.call('ZADD', KEYS[3], expiry, ARGV[8])
local top = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[3], top[2])
return 0

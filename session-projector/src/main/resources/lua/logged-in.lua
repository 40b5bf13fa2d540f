-- LoggedIn: create the session and index it, fenced by the record's offset.
-- KEYS: 1 applied, 2 s:{sid}, 3 u:{uid}, 4 x:{sid}, 5 n:{uid}
-- ARGV: 1 fence field, 2 offset, 3 now ms, 4 sid, 5 uid, 6 secret hash, 7 created ms,
--       8 absolute expiry ms, 9 idle expiry ms, 10 ip, 11 user agent, 12 roles (comma-separated)
-- Returns 0 applied, 1 already applied, 2 skipped (sid revoked, or created before the user's epoch),
--         3 skipped (already expired)
local last = redis.call('HGET', KEYS[1], ARGV[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then return 1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('EXISTS', KEYS[4]) == 1 then return 2 end
local epoch = redis.call('HMGET', KEYS[5], 'nb', 'k')
if epoch[1] and tonumber(ARGV[7]) < tonumber(epoch[1]) and epoch[2] ~= ARGV[4] then return 2 end
local now = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local expiry = math.min(tonumber(ARGV[8]), tonumber(ARGV[9]))
if expiry <= now then return 3 end
redis.call('HSET', KEYS[2], 'uid', ARGV[5], 'sh', ARGV[6], 'cr', ARGV[7], 'ea', ARGV[8], 'ei', ARGV[9],
    'it', tonumber(ARGV[9]) - tonumber(ARGV[7]), 'ls', ARGV[7], 'ip', ARGV[10], 'ua', ARGV[11], 'ro', ARGV[12])
redis.call('PEXPIREAT', KEYS[2], expiry)
redis.call('ZADD', KEYS[3], expiry, ARGV[4])
local top = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[3], top[2])
return 0

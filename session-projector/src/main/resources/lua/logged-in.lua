-- LoggedIn: create the session and index it, fenced by the record's offset.
-- KEYS: 1 applied, 2 s:{sid}, 3 u:{uid}, 4 x:{sid}, 5 n:{uid}
-- ARGV: 1 fence field, 2 offset, 3 previous offset (see below), 4 now ms, 5 sid, 6 uid, 7 secret hash,
--       8 created ms, 9 absolute expiry ms, 10 idle expiry ms, 11 ip, 12 user agent, 13 roles (comma-separated),
--       14 idle timeout ms (the event's idle expiry - created: a rebuild passes in 10 an idle expiry already
--       extended by the activity seen since, and touches must still extend by the session's own timeout)
-- Returns 0 applied, 1 already applied, 2 skipped (sid revoked, or created before the user's epoch),
--         3 skipped (already expired), 5 refused: the previous offset is not applied yet
-- Previous offset: the record of the same partition sent just before this one in the same batch (-1:
-- none). If it is not applied (its command failed), this one is refused, so a batch never applies a
-- later record over a failed earlier one: the fence would otherwise skip the earlier one on retry.
local last = redis.call('HGET', KEYS[1], ARGV[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then return 1 end
if tonumber(ARGV[3]) >= 0 and (not last or tonumber(last) < tonumber(ARGV[3])) then return 5 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('EXISTS', KEYS[4]) == 1 then return 2 end
local epoch = redis.call('HMGET', KEYS[5], 'nb', 'k')
if epoch[1] and tonumber(ARGV[8]) < tonumber(epoch[1]) and epoch[2] ~= ARGV[5] then return 2 end
local now = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local expiry = math.min(tonumber(ARGV[9]), tonumber(ARGV[10]))
if expiry <= now then return 3 end
redis.call('HSET', KEYS[2], 'uid', ARGV[6], 'sh', ARGV[7], 'cr', ARGV[8], 'ea', ARGV[9], 'ei', ARGV[10],
    'it', ARGV[14], 'ls', ARGV[8], 'ip', ARGV[11], 'ua', ARGV[12], 'ro', ARGV[13])
redis.call('PEXPIREAT', KEYS[2], expiry)
redis.call('ZADD', KEYS[3], expiry, ARGV[5])
local top = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[3], top[2])
return 0

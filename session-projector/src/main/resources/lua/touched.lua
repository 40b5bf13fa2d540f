-- SessionTouched: move last-seen and extend the idle expiry (never past the absolute expiry).
-- Not fenced by offset: it only ever moves times forward, so a replay changes nothing. A session
-- that is gone (revoked or expired) is never recreated.
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, SessionHash for s:{sid});
-- Lua cannot import them, so LuaLayoutTest holds the literals here to those.
-- KEYS: 1 s:{sid}, 2 u:{uid}
-- ARGV: 1 touched-at ms, 2 sid, 3 uid, 4 now ms
-- Returns 0 applied, 4 skipped (no such live session)
local s = redis.call('HMGET', KEYS[1], 'uid', 'cr', 'ea', 'ei', 'it', 'ls')
if not s[1] or s[1] ~= ARGV[3] then return 4 end
local touched = tonumber(ARGV[1])
local ea, ei = tonumber(s[3]), tonumber(s[4])
local idle = s[5] and tonumber(s[5]) or (ei - tonumber(s[2]))
local newEi = math.min(touched + idle, ea)
if touched > tonumber(s[6] or 0) then redis.call('HSET', KEYS[1], 'ls', ARGV[1]) end
if newEi > ei and ei > tonumber(ARGV[4]) then
    redis.call('HSET', KEYS[1], 'ei', newEi)
    redis.call('PEXPIREAT', KEYS[1], newEi)
    redis.call('ZADD', KEYS[2], newEi, ARGV[2])
    local top = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
    redis.call('PEXPIREAT', KEYS[2], top[2])
end
return 0

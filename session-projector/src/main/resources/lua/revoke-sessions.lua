-- LoggedOut and SessionRevoked: delete the user's listed sessions, unindex them and remember them
-- as revoked, fenced by the record's topic id and offset (fence.lua). A listed sid held by another user
-- is left alone.
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, SessionHash for s:{sid});
-- Lua cannot import them, so LuaLayoutTest holds the literals here to those.
-- KEYS: 1 f:{uid} the user's fence, 2 u:{uid}, then per session: s:{sid}, x:{sid}
-- ARGV: 1-6 the fence (topic, topic id, partition, offset, previous offset, fence TTL), 7 now ms, 8 revoked marker
--       TTL ms when the expiry is unknown, 9 uid, then the sids in the order of their keys
-- Returns 0 applied, 1 already applied, 5 refused: the previous offset is not applied yet, 6 foreign
local refused = fence()
if refused then return refused end
local now = tonumber(ARGV[7])
for i = 10, #ARGV do
    if forget(KEYS[3 + (i - 10) * 2], KEYS[4 + (i - 10) * 2], ARGV[9], now, tonumber(ARGV[8])) then
        redis.call('ZREM', KEYS[2], ARGV[i])
    end
end
return 0

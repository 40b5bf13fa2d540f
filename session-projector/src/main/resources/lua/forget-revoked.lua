-- On a Redis Cluster, after revoke-all.lua: deletes the sessions it revoked and marks them revoked once more, this
-- time with their keys declared. revoke-all.lua reaches the sessions of the user's index by keys it builds itself,
-- which a cluster does not route: while the user's slot migrates to another master (a reshard), a session hash
-- already moved is not on the node that runs the script, so it survives there. This script's keys are declared, so
-- the cluster runs it where they are (or answers TRYAGAIN, and the batch is retried).
-- Not fenced: these sessions are revoked for good (a session id is never used again), so running it again, or after
-- later records of the user, changes nothing more.
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, SessionHash for s:{sid});
-- Lua cannot import them, so LuaLayoutTest holds the literals here to those.
-- KEYS: per session: s:{sid}, x:{sid} (the user's slot)
-- ARGV: 1 now ms, 2 revoked marker TTL ms when the expiry is unknown, 3 uid, then the sids in the order of their keys
-- Returns 0 applied
local now = tonumber(ARGV[1])
for i = 4, #ARGV do
    forget(KEYS[1 + (i - 4) * 2], KEYS[2 + (i - 4) * 2], ARGV[3], now, tonumber(ARGV[2]))
end
return 0

-- forget(): how a revoked session leaves the projection, prepended to every script that revokes sessions
-- (revoke-sessions, revoke-all, forget-revoked), the one home of its rule.
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, SessionHash for s:{sid});
-- Lua cannot import them, so LuaLayoutTest holds the literals here to those.

-- Deletes the session hash and marks the session revoked (x:{sid}) until its absolute expiry (or now + unknownTtl
-- when the hash is gone already), so that a replayed login cannot resurrect it. A session another user holds is left
-- alone (owner nil: no check; the session came from the user's own index). Returns true if it was forgotten.
local function forget(session, marker, owner, now, unknownTtl)
    local held = redis.call('HMGET', session, 'uid', 'ea')
    if owner and held[1] and held[1] ~= owner then return false end
    local markUntil = held[2] and tonumber(held[2]) or (now + unknownTtl)
    redis.call('DEL', session)
    if markUntil > now then redis.call('SET', marker, '1', 'PXAT', markUntil, 'NX') end
    return true
end

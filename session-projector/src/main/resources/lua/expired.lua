-- SessionExpired: nothing to change but the fence (fence.lua), so the record's offset moves like any other's.
-- The session is gone from Redis already: the auth-service ends a session by expiry only once the projection no
-- longer holds it (or holds it past its idle expiry), or at its absolute expiry, where its TTL ended it. App
-- instances check both expiries themselves, so there is nothing to broadcast either.
-- Keys are session-store's layout (io.sessionstream.store.RedisLayout).
-- KEYS: 1 the user's fence
-- ARGV: 1-6 the fence (topic, topic id, partition, offset, previous offset, fence TTL)
-- Returns 0 applied, 1 already applied, 5 refused: the previous offset is not applied yet, 6 foreign
local refused = fence()
if refused then return refused end
return 0

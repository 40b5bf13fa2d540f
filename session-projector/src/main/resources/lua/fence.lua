-- The fence: prepended to every fenced script (logged-in, revoke-sessions, revoke-all, expired).
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, AppliedHash for the fields);
-- Lua cannot import them, so LuaLayoutTest holds the literals here to those.
-- KEYS[1] {p}f:{<user tag>}<uid>, the user's fence, a hash: "{topic}:{partition}" -> the last applied offset of the
--         user's records, and "{topic}:id" -> the topic id (Kafka's Uuid) of the incarnation of the topic those
--         offsets belong to. All of a user's records are in one partition, in order, so a fence per user fences
--         each record exactly as a fence per partition would; and it lives in the slot of the user's keys it guards
--         (a Redis Cluster runs a script only on keys of one slot). Topic names cannot hold ':' and partitions are
--         numbers, so the fields cannot clash.
-- ARGV: 1 topic, 2 topic id, 3 partition, 4 offset, 5 previous offset (-1: none; see fence()), 6 the fence's TTL ms
--       (>= the longest session lifetime, renewed by each of the user's records: once it has run out, every session
--       of the user's earlier records has expired, so a replayed record can resurrect nothing); the script's own
--       arguments start at 7.

-- nil: apply the record (its offset is recorded now, and the topic id if the user's fence had none). Else the code
-- to return, having changed nothing: 6 foreign (the user's offsets are another incarnation's: they must never fence
-- this record), 1 already applied, 5 refused: the previous offset is not applied yet. Previous offset: the record of
-- the same user sent just before this one in the same batch. If it is not applied (its command failed), this one is
-- refused, so a batch never applies a later record over a failed earlier one: the fence would otherwise skip the
-- earlier one on retry.
local function fence()
    local stored = redis.call('HGET', KEYS[1], ARGV[1] .. ':id')
    if stored and stored ~= ARGV[2] then return 6 end
    local field = ARGV[1] .. ':' .. ARGV[3]
    local last = redis.call('HGET', KEYS[1], field)
    if last and tonumber(last) >= tonumber(ARGV[4]) then return 1 end
    if tonumber(ARGV[5]) >= 0 and (not last or tonumber(last) < tonumber(ARGV[5])) then return 5 end
    if not stored then redis.call('HSET', KEYS[1], ARGV[1] .. ':id', ARGV[2]) end
    redis.call('HSET', KEYS[1], field, ARGV[4])
    redis.call('PEXPIRE', KEYS[1], ARGV[6])
    return nil
end

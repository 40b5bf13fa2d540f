-- The fence: prepended to every fenced script (logged-in, revoke-sessions, revoke-all, expired) and to incarnation.
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, AppliedHash for applied);
-- Lua cannot import them, so LuaLayoutTest holds the literals here to those.
-- KEYS[1] {p}applied, a hash: "{topic}:{partition}" -> the last applied offset, and "{topic}:id" -> the
--         topic id (Kafka's Uuid) of the incarnation of the topic those offsets belong to. Topic names
--         cannot hold ':' and partitions are numbers, so the fields cannot clash.
-- ARGV: 1 topic, 2 topic id, 3 partition, 4 offset, 5 previous offset (-1: none; see fence()); the
--       script's own arguments start at 6.

-- Whose offsets {p}applied holds for the topic: 'same' (this topic id's); 'none' (no id and no offset of
-- the topic: nothing of it projected yet); 'foreign' (another id's, or offsets without an id: written
-- before ids were recorded, or for another cluster). Then the recorded id, or false.
local function incarnation()
    local stored = redis.call('HGET', KEYS[1], ARGV[1] .. ':id')
    if stored then
        if stored == ARGV[2] then return 'same', stored end
        return 'foreign', stored
    end
    local own = ARGV[1] .. ':'
    for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
        if string.sub(field, 1, #own) == own then return 'foreign', false end
    end
    return 'none', false
end

-- nil: apply the record (its offset is recorded now, and the topic id if it was 'none'). Else the code
-- to return, having changed nothing: 6 foreign (another incarnation's offsets must never fence this
-- record), 1 already applied, 5 refused: the previous offset is not applied yet. Previous offset: the
-- record of the same partition sent just before this one in the same batch. If it is not applied (its
-- command failed), this one is refused, so a batch never applies a later record over a failed earlier
-- one: the fence would otherwise skip the earlier one on retry.
local function fence()
    local state = incarnation()
    if state == 'foreign' then return 6 end
    local field = ARGV[1] .. ':' .. ARGV[3]
    local last = redis.call('HGET', KEYS[1], field)
    if last and tonumber(last) >= tonumber(ARGV[4]) then return 1 end
    if tonumber(ARGV[5]) >= 0 and (not last or tonumber(last) < tonumber(ARGV[5])) then return 5 end
    if state == 'none' then redis.call('HSET', KEYS[1], ARGV[1] .. ':id', ARGV[2]) end
    redis.call('HSET', KEYS[1], field, ARGV[4])
    return nil
end

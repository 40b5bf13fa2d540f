-- Whose projection {p}applied holds for a topic, for every batch (before any of its records is applied), the check
-- command and the rebuild; with 'claim', records the topic id when nothing of the topic is recorded.
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, AppliedHash for applied).
-- KEYS: 1 applied, a hash: "{topic}:id" -> the topic id (Kafka's Uuid) of the incarnation the projection is of
-- ARGV: 1 topic, 2 topic id, 3 'check' or 'claim'
-- Returns {state, recorded id or ''}, as before a claim: state 'same' (this topic id's), 'none' (nothing of the topic
-- recorded), or 'foreign': another id's, or per-partition offsets of the topic ("{topic}:{partition}" fields: a
-- projection written by an earlier version, whose fence was this one hash, in keys this version does not read),
-- then with '' for the id.
local idField = ARGV[1] .. ':id'
local own = ARGV[1] .. ':'
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    if field ~= idField and string.sub(field, 1, #own) == own then return {'foreign', ''} end
end
local stored = redis.call('HGET', KEYS[1], idField)
local state = 'none'
if stored then
    if stored == ARGV[2] then state = 'same' else state = 'foreign' end
end
if state == 'none' and ARGV[3] == 'claim' then redis.call('HSET', KEYS[1], idField, ARGV[2]) end
return {state, stored or ''}

-- Whose projection {p}applied holds for a topic (incarnation() of fence.lua, prepended), for the check
-- command and the rebuild; with 'claim', records the topic id when nothing of the topic is recorded.
-- Keys and fields are session-store's layout (io.sessionstream.store: RedisLayout, AppliedHash for applied).
-- KEYS: 1 applied
-- ARGV: 1 topic, 2 topic id, 3 'check' or 'claim'
-- Returns {state, recorded id or ''}: state 'same', 'none' or 'foreign', as before a claim.
local state, stored = incarnation()
if state == 'none' and ARGV[3] == 'claim' then redis.call('HSET', KEYS[1], ARGV[1] .. ':id', ARGV[2]) end
return {state, stored or ''}

/**
 * The Redis layout of Sessionstream: every key under the prefix {@code {p}} ({@code ss:} by default), spelled by
 * {@link io.sessionstream.store.RedisLayout} and nowhere else, with its hash fields in {@link
 * io.sessionstream.store.SessionHash}, {@link io.sessionstream.store.UserRevokedHash}, {@link
 * io.sessionstream.store.AppliedHash}, {@link io.sessionstream.store.MemberHash} and {@link
 * io.sessionstream.store.TraceHash}. The projector's Lua scripts ({@code session-projector/src/main/resources/lua})
 * spell the fields they write themselves, as Lua cannot import these; a test of the projector
 * ({@code LuaLayoutTest}) fails when a script writes a field these classes do not name.
 *
 * <p><b>Slots.</b> The same keys serve a single Redis and a Redis Cluster ({@link io.sessionstream.store.StoreConnection}:
 * {@code redis.uri} or {@code redis.uris}). In the table, {@code {ut}} is the user's hash tag ({@link
 * io.sessionstream.store.RedisLayout#userTag}: 4 base64url characters of SHA-256(uid)) and {@code {st}} the session's
 * (its id's first 4 characters). The auth-service mints each session id to start with its user's tag ({@link
 * io.sessionstream.store.SessionIds}), so {@code {st}} = {@code {ut}}: every projector script's keys — the user's
 * fence, index, epoch, and the sessions and markers it writes — are in the user's slot, while users spread evenly
 * over all 16384 slots. Validating a token is still one {@code HGETALL} of a key found from the token alone.
 *
 * <table>
 * <caption>Keys (all times epoch milliseconds)</caption>
 * <tr><th>key</th><th>type</th><th>holds</th><th>written by</th><th>read by</th><th>TTL</th></tr>
 * <tr><td>{@code {p}s:{st}<sid>}</td><td>hash</td>
 *     <td>the session: {@code uid} user id, {@code sh} base64url SHA-256 of the token secret, {@code cr} created,
 *         {@code ea} absolute expiry, {@code ei} idle expiry, {@code it} idle timeout (ms), {@code ls} last seen,
 *         {@code ip}, {@code ua} user agent, {@code ro} roles, comma-separated ({@link
 *         io.sessionstream.store.SessionHash})</td>
 *     <td>projector: {@code logged-in.lua} creates it, {@code touched.lua} moves {@code ls} and {@code ei},
 *         {@code revoke-sessions.lua} and {@code revoke-all.lua} delete it</td>
 *     <td>session-client ({@code HGETALL}, a validation the near cache cannot answer); auth-service ({@code EXISTS}:
 *         the login's wait; {@code HMGET ls ei}: session lists, the expiry sweep)</td>
 *     <td>{@code PEXPIREAT min(ea, ei)}; a touch moves {@code ei} and the TTL</td></tr>
 * <tr><td>{@code {p}u:{ut}<uid>}</td><td>zset</td>
 *     <td>the user's sids, scored by {@code min(ea, ei)}; members past their score are pruned on every write</td>
 *     <td>projector ({@code logged-in.lua}, {@code touched.lua}, {@code revoke-sessions.lua},
 *         {@code revoke-all.lua})</td>
 *     <td>projector ({@code revoke-all.lua}: the sessions to delete)</td>
 *     <td>{@code PEXPIREAT} the highest score</td></tr>
 * <tr><td>{@code {p}n:{ut}<uid>}</td><td>hash</td>
 *     <td>the user's revocation epoch: {@code nb} not-before, {@code k} the sid it kept or {@code ''}; a session
 *         created before {@code nb}, other than {@code k}, is revoked ({@link
 *         io.sessionstream.store.UserRevokedHash})</td>
 *     <td>projector ({@code revoke-all.lua}: logout everywhere, password change or reset)</td>
 *     <td>projector ({@code logged-in.lua}: a replayed login of a revoked session is skipped)</td>
 *     <td>{@code sessionstream.projector.revoked-marker-ttl} (8 d)</td></tr>
 * <tr><td>{@code {p}x:{st}<sid>}</td><td>string</td>
 *     <td>{@code "1"}: the session was revoked, so a replayed login cannot resurrect it</td>
 *     <td>projector ({@code revoke-sessions.lua}, {@code revoke-all.lua})</td>
 *     <td>projector ({@code logged-in.lua})</td>
 *     <td>{@code PXAT} its absolute expiry, or now + {@code revoked-marker-ttl} if unknown</td></tr>
 * <tr><td>{@code {p}f:{ut}<uid>}</td><td>hash</td>
 *     <td>the user's fence: {@code <topic>:<partition>} the offset of the user's last applied record, {@code <topic>:id}
 *         the topic id (Kafka's {@code Uuid}) of the incarnation those offsets belong to ({@link
 *         io.sessionstream.store.AppliedHash}). A user's records are all in one partition, in order, so this fences
 *         them exactly as a per-partition offset would, in the user's slot, with no key that every event writes</td>
 *     <td>projector ({@code fence.lua}, prepended to every fenced script)</td>
 *     <td>projector (the fence)</td>
 *     <td>{@code PEXPIRE revoked-marker-ttl} (8 d, at least the longest session lifetime), renewed by each of the
 *         user's records: once it has run out, every session of the user's earlier records has expired, so a
 *         replayed record can resurrect nothing</td></tr>
 * <tr><td>{@code {p}applied}</td><td>hash</td>
 *     <td>the projection's incarnation: {@code <topic>:id} the topic id of the events topic it is of ({@link
 *         io.sessionstream.store.AppliedHash}). A {@code <topic>:<partition>} field in it is an earlier version's
 *         global fence: such a projection is refused as foreign and rebuilt</td>
 *     <td>projector ({@code incarnation.lua}: checked, and claimed if none, once per batch before any record of it is
 *         applied; the rebuild claims it after clearing)</td>
 *     <td>projector ({@code check}, {@code rebuild}, each batch); session-client and auth-service ({@code EXISTS}:
 *         whether there is a projection under the prefix at all)</td>
 *     <td>none; only a rebuild (or a flush) deletes it</td></tr>
 * <tr><td>{@code {p}{m}}</td><td>zset</td>
 *     <td>the member instances, scored by when their membership expires (last renewal + {@code trust-bound});
 *         entries expired for more than four bounds are pruned by the next renewal</td>
 *     <td>session-client (every instance with an invalidation listener, every eighth of {@code trust-bound})</td>
 *     <td>auth-service (which instances a revocation waits for)</td>
 *     <td>none</td></tr>
 * <tr><td>{@code {p}{m}:<instance id>}</td><td>hash</td>
 *     <td>{@code boot} the incarnation (a random id per process start), {@code hb} the last renewal,
 *         {@code p<N>} the instance's position on partition N of the invalidation broadcast ({@link
 *         io.sessionstream.store.MemberHash})</td>
 *     <td>session-client (renewal, and after every poll that applied invalidations)</td>
 *     <td>auth-service (the receipts: has every instance applied the revocation)</td>
 *     <td>{@code PEXPIRE trust-bound}, renewed with the zset entry</td></tr>
 * <tr><td>{@code {p}t:{st}<sid>}</td><td>hash</td>
 *     <td>the delivery trace of the session's revocation: {@code <instance id>} when that instance applied it,
 *         {@code broadcast} the broadcast record's timestamp ({@link io.sessionstream.store.TraceHash})</td>
 *     <td>session-client (each instance that applies the invalidation)</td>
 *     <td>auth-service ({@code ./admin trace})</td>
 *     <td>1 h</td></tr>
 * <tr><td>{@code {p}receipts}</td><td>channel</td>
 *     <td>pub/sub, not a key: {@code <instance id> <partition>:<position> …} after each poll that applied
 *         invalidations, {@code <instance id> leave} when an instance stops</td>
 *     <td>session-client</td>
 *     <td>auth-service (a revocation's wait is told, it does not poll)</td>
 *     <td>-</td></tr>
 * </table>
 *
 * <p>The projection is {@code {p}applied} and the {@link io.sessionstream.store.RedisLayout#PROJECTION} families
 * ({@code s: u: n: x: f:}): what a rebuild deletes ({@code SCAN MATCH {p}*}, then {@code UNLINK} of those only) and
 * replays. Nothing else under the prefix is the projection's: the auth-service's login-throttle buckets (Bucket4j's
 * own keys, under {@code sessionstream.auth.rate-limit.redis-prefix}, {@code ss:rl:} by default) and the
 * membership survive a rebuild.
 *
 * <p>Besides the layout, this module holds what every process that uses the read model shares: {@link
 * io.sessionstream.store.StoreConnection} (the connection to a single Redis or a cluster, opened on first use; on a
 * cluster with topology refresh, {@link io.sessionstream.store.ClusterTopology}), {@link
 * io.sessionstream.store.RedisTimeout} (the Redis command timeout, applied even with {@code redis.uri}) and the wall
 * clock (a secondary {@link java.time.Clock} bean).
 */
package io.sessionstream.store;

package io.sessionstream.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The names of the Redis keys of Sessionstream under one key prefix ({@code {p}}, {@code ss:} by default): the one
 * place that spells them. Every key, its type, writer, reader, TTL and fields are in the {@linkplain
 * io.sessionstream.store package} documentation. The projector's Lua scripts get their keys from here (as
 * {@code KEYS}), except {@code revoke-all.lua}, which builds the session and marker keys of the sessions it finds
 * from the prefix, the tags of {@link Family#SESSION} and {@link Family#REVOKED} and {@link #sessionTag}.
 *
 * <p><b>Slots.</b> Every key carries a Redis Cluster hash tag ({@code {...}}: only the tag is hashed to choose the
 * slot), so that each script's keys share one slot while different users spread over all slots:
 * <ul>
 *   <li>a user's keys ({@code u: n: f:}) are tagged with the {@linkplain #userTag user tag}, 4 base64url
 *       characters of the SHA-256 of the user id;</li>
 *   <li>a session's keys ({@code s: x: t:}) are tagged with the {@linkplain #sessionTag session tag}, the first 4
 *       characters of the session id. The auth-service mints every session id to start with its user's tag
 *       ({@link SessionIds}), so a session's keys are in its user's slot, and a token is still validated with one
 *       read of one key found from the token alone;</li>
 *   <li>the membership ({@code {m}}, {@code {m}:<id>}) shares the tag {@code m}: a handful of keys renewed together;</li>
 *   <li>{@code applied} is one key: read and claimed once per batch, never per event.</li>
 * </ul>
 * On a single Redis the tags change nothing but the names. The prefix must not hold a brace: Redis hashes the first
 * {@code {...}} of a key, and a braced prefix would put every key in one slot.
 *
 * <p>Immutable; the prefix is the process's configured one ({@code sessionstream.projector.redis-prefix},
 * {@code sessionstream.client.redis-prefix}, the auth-service's), and must be the same in every process that shares
 * the read model.
 */
public final class RedisLayout {

    /** A family of keys: those that start with the prefix and the family's tag, followed by an id. */
    public enum Family {
        /** {@code {p}s:{<session tag>}<sid>}: the session hash ({@link SessionHash}). */
        SESSION("s:"),
        /** {@code {p}u:{<user tag>}<uid>}: the user's sessions by expiry. */
        USER_SESSIONS("u:"),
        /** {@code {p}x:{<session tag>}<sid>}: the session was revoked. */
        REVOKED("x:"),
        /** {@code {p}n:{<user tag>}<uid>}: the user's revocation epoch ({@link UserRevokedHash}). */
        USER_REVOKED("n:"),
        /** {@code {p}f:{<user tag>}<uid>}: the user's fence, the last applied offset of its events ({@link AppliedHash}). */
        FENCE("f:"),
        /** {@code {p}{m}:<instance id>}: one member instance's renewal and positions. */
        MEMBER("{m}:"),
        /** {@code {p}t:{<session tag>}<sid>}: when each instance applied the session's revocation. */
        TRACE("t:");

        private final String tag;

        Family(String tag) {
            this.tag = tag;
        }

        /** What follows the prefix in every key of the family, before the id ({@code s:}). */
        public String tag() {
            return tag;
        }
    }

    /** The families of the projection: with {@link #applied()}, the keys a rebuild deletes and replays. */
    public static final Set<Family> PROJECTION = Collections.unmodifiableSet(
            EnumSet.of(Family.SESSION, Family.USER_SESSIONS, Family.USER_REVOKED, Family.REVOKED, Family.FENCE));

    /** Characters of a user or session tag. */
    public static final int TAG_CHARS = 4;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String APPLIED = "applied";
    private static final String MEMBERS = "{m}";
    private static final String RECEIPTS = "receipts";

    private final String prefix;
    private final String applied;
    private final Map<Family, String> families = new EnumMap<>(Family.class);

    /** The layout under {@code prefix}, the configured key prefix (may be empty, never null). */
    public RedisLayout(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the Redis key prefix must not hold '{' or '}' (got '" + prefix
                    + "'): Redis Cluster would hash every key by the prefix's braces and put them all in one slot");
        }
        this.applied = prefix + APPLIED;
        for (Family family : Family.values()) {
            families.put(family, prefix + family.tag);
        }
    }

    /** The key prefix every key here starts with. */
    public String prefix() {
        return prefix;
    }

    /**
     * {@code {p}applied}: which incarnation of each topic the projection is of ({@link AppliedHash#topicIdField});
     * its existence is the projection's.
     */
    public String applied() {
        return applied;
    }

    /** {@code {p}s:{<session tag>}<sid>}: the session hash. */
    public String session(String sessionId) {
        return sessionKey(Family.SESSION, sessionId);
    }

    /** {@code {p}u:{<user tag>}<uid>}: the user's live session ids, scored by expiry. */
    public String userSessions(String userId) {
        return userKey(Family.USER_SESSIONS, userId);
    }

    /** {@code {p}x:{<session tag>}<sid>}: the marker of a revoked session. */
    public String revoked(String sessionId) {
        return sessionKey(Family.REVOKED, sessionId);
    }

    /** {@code {p}n:{<user tag>}<uid>}: the user's revocation epoch. */
    public String userRevoked(String userId) {
        return userKey(Family.USER_REVOKED, userId);
    }

    /** {@code {p}f:{<user tag>}<uid>}: the user's fence (last applied offset and topic id of its events). */
    public String fence(String userId) {
        return userKey(Family.FENCE, userId);
    }

    /** {@code {p}{m}}: the member instances, scored by when their membership expires. */
    public String members() {
        return prefix + MEMBERS;
    }

    /** {@code {p}{m}:<instance id>}: one member's renewal and broadcast positions (in the slot of {@link #members()}). */
    public String member(String instanceId) {
        return family(Family.MEMBER) + instanceId;
    }

    /** {@code {p}t:{<session tag>}<sid>}: the delivery trace of the session's revocation. */
    public String trace(String sessionId) {
        return sessionKey(Family.TRACE, sessionId);
    }

    /**
     * The user's hash tag: the first 3 bytes of the SHA-256 of the user id, as 4 base64url characters (2^24 values,
     * spread evenly over Redis Cluster's 16384 slots).
     */
    public static String userTag(String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(Arrays.copyOf(digest, 3));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }

    /**
     * The session's hash tag: its id's first {@value #TAG_CHARS} characters (the whole id if shorter). A session id
     * minted by {@link SessionIds} starts with its user's tag.
     */
    public static String sessionTag(String sessionId) {
        return sessionId.length() <= TAG_CHARS ? sessionId : sessionId.substring(0, TAG_CHARS);
    }

    /**
     * Whether the session's keys are in the slot of its user's: always so for ids minted by {@link SessionIds};
     * not for ids minted before sessions carried their user's tag, which a Redis Cluster cannot project.
     */
    public static boolean inUserSlot(String userId, String sessionId) {
        return sessionTag(sessionId).equals(userTag(userId));
    }

    /** {@code {p}receipts}: the pub/sub channel of the members' receipts (a channel, not a key). */
    public String receipts() {
        return prefix + RECEIPTS;
    }

    /** What every key of the family starts with: the prefix and the family's tag ({@code {p}s:}). */
    public String family(Family family) {
        return families.get(family);
    }

    /** Whether {@code key} is one of the family's. */
    public boolean inFamily(String key, Family family) {
        return key.startsWith(family(family));
    }

    /** The id a key of the family ends with: the session id of {@code {p}s:{<tag>}<sid>}. */
    public String idOf(Family family, String key) {
        if (!inFamily(key, family)) {
            throw new IllegalArgumentException(key + " is not a key of " + family(family) + "*");
        }
        String rest = key.substring(family(family).length());
        int close = rest.startsWith("{") ? rest.indexOf('}') : -1;
        return close < 0 ? rest : rest.substring(close + 1);
    }

    private String sessionKey(Family family, String sessionId) {
        return family(family) + "{" + sessionTag(sessionId) + "}" + sessionId;
    }

    private String userKey(Family family, String userId) {
        return family(family) + "{" + userTag(userId) + "}" + userId;
    }

    /** Whether {@code key} belongs to the projection: {@link #applied()} or a key of the {@link #PROJECTION} families. */
    public boolean inProjection(String key) {
        if (key.equals(applied)) {
            return true;
        }
        for (Family family : PROJECTION) {
            if (inFamily(key, family)) {
                return true;
            }
        }
        return false;
    }

    /** A {@code SCAN MATCH} pattern for every key under the prefix: the prefix as a literal, then {@code *}. */
    public String scanPattern() {
        return glob(prefix) + "*";
    }

    /** A {@code SCAN MATCH} pattern for every key of the family. */
    public String scanPattern(Family family) {
        return glob(family(family)) + "*";
    }

    /** {@code literal} with the characters SCAN's glob gives a meaning escaped. */
    private static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @Override
    public String toString() {
        return "RedisLayout[" + prefix + "]";
    }
}

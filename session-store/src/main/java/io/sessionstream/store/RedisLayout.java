package io.sessionstream.store;

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
 * from the prefix and the tags of {@link Family#SESSION} and {@link Family#REVOKED}.
 *
 * <p>Immutable; the prefix is the process's configured one ({@code sessionstream.projector.redis-prefix},
 * {@code sessionstream.client.redis-prefix}, the auth-service's), and must be the same in every process that shares
 * the read model.
 */
public final class RedisLayout {

    /** A family of keys: those that start with the prefix and the family's tag, followed by an id. */
    public enum Family {
        /** {@code {p}s:<sid>}: the session hash ({@link SessionHash}). */
        SESSION("s:"),
        /** {@code {p}u:<uid>}: the user's sessions by expiry. */
        USER_SESSIONS("u:"),
        /** {@code {p}x:<sid>}: the session was revoked. */
        REVOKED("x:"),
        /** {@code {p}n:<uid>}: the user's revocation epoch ({@link UserRevokedHash}). */
        USER_REVOKED("n:"),
        /** {@code {p}m:<instance id>}: one member instance's renewal and positions. */
        MEMBER("m:"),
        /** {@code {p}t:<sid>}: when each instance applied the session's revocation. */
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
            EnumSet.of(Family.SESSION, Family.USER_SESSIONS, Family.USER_REVOKED, Family.REVOKED));

    private static final String APPLIED = "applied";
    private static final String MEMBERS = "m";
    private static final String RECEIPTS = "receipts";

    private final String prefix;
    private final String applied;
    private final Map<Family, String> families = new EnumMap<>(Family.class);

    /** The layout under {@code prefix}, the configured key prefix (may be empty, never null). */
    public RedisLayout(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.applied = prefix + APPLIED;
        for (Family family : Family.values()) {
            families.put(family, prefix + family.tag);
        }
    }

    /** The key prefix every key here starts with. */
    public String prefix() {
        return prefix;
    }

    /** {@code {p}applied}: the projector's fence ({@link AppliedHash}); its existence is the projection's. */
    public String applied() {
        return applied;
    }

    /** {@code {p}s:<sid>}: the session hash. */
    public String session(String sessionId) {
        return family(Family.SESSION) + sessionId;
    }

    /** {@code {p}u:<uid>}: the user's live session ids, scored by expiry. */
    public String userSessions(String userId) {
        return family(Family.USER_SESSIONS) + userId;
    }

    /** {@code {p}x:<sid>}: the marker of a revoked session. */
    public String revoked(String sessionId) {
        return family(Family.REVOKED) + sessionId;
    }

    /** {@code {p}n:<uid>}: the user's revocation epoch. */
    public String userRevoked(String userId) {
        return family(Family.USER_REVOKED) + userId;
    }

    /** {@code {p}m}: the member instances, scored by when their membership expires. */
    public String members() {
        return prefix + MEMBERS;
    }

    /** {@code {p}m:<instance id>}: one member's renewal and broadcast positions. */
    public String member(String instanceId) {
        return family(Family.MEMBER) + instanceId;
    }

    /** {@code {p}t:<sid>}: the delivery trace of the session's revocation. */
    public String trace(String sessionId) {
        return family(Family.TRACE) + sessionId;
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

    /** The id a key of the family ends with: the session id of {@code {p}s:<sid>}. */
    public String idOf(Family family, String key) {
        if (!inFamily(key, family)) {
            throw new IllegalArgumentException(key + " is not a key of " + family(family) + "*");
        }
        return key.substring(family(family).length());
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

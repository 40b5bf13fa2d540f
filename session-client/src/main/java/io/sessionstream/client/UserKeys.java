package io.sessionstream.client;

import java.util.UUID;

/**
 * Compact forms of user ids. The auth-service's user ids are {@link UUID#toString()} strings
 * (36 characters, 80 bytes as a {@code String}); the same id fits in two longs.
 */
final class UserKeys {

    private UserKeys() {
    }

    /**
     * The id as a UUID if it is exactly the canonical form {@link UUID#toString()} produces
     * (lower-case hex, hyphens at 8, 13, 18 and 23), so that {@code toString()} gives back the
     * same string; {@code null} for any other string, including upper-case or shortened UUIDs.
     */
    static UUID canonicalUuid(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (nibble < 0) {
                return null;
            }
            if (digits++ < 16) {
                high = high << 4 | nibble;
            } else {
                low = low << 4 | nibble;
            }
        }
        return new UUID(high, low);
    }

    /**
     * A map key for the user: the UUID for a canonical UUID string, the string itself otherwise.
     * Two ids have equal keys exactly when the strings are equal.
     */
    static Object of(String userId) {
        UUID uuid = canonicalUuid(userId);
        return uuid != null ? uuid : userId;
    }
}

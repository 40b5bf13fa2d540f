package io.sessionstream.client;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses the comma-separated roles of a session and shares one immutable list among all
 * sessions with the same roles value, so that a cached session holds only a reference. A
 * deployment has a handful of distinct role sets; the table holds at most {@code capacity}
 * of them, and values beyond that are parsed into a list of their own each time (correct,
 * only not shared), so a flood of distinct values cannot grow memory without bound.
 */
final class RoleLists {

    private static final String NONE = "";

    private final int capacity;
    private final ConcurrentHashMap<String, List<String>> shared = new ConcurrentHashMap<>();

    RoleLists(int capacity) {
        this.capacity = capacity;
    }

    /** The roles in {@code value} ({@code user} if null or empty), as an immutable list. */
    List<String> of(String value) {
        String key = value == null ? NONE : value;
        List<String> known = shared.get(key);
        if (known != null) {
            return known;
        }
        List<String> parsed = parse(key);
        synchronized (this) {
            if (shared.size() < capacity) {
                List<String> raced = shared.putIfAbsent(key, parsed);
                return raced != null ? raced : parsed;
            }
        }
        return parsed;
    }

    /** How many distinct role values are shared. */
    int size() {
        return shared.size();
    }

    private static List<String> parse(String value) {
        return value.isEmpty() ? List.of("user") : List.of(value.split(","));
    }
}

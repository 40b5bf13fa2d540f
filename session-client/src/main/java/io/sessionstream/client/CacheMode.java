package io.sessionstream.client;

/** Where validation looks sessions up. */
public enum CacheMode {
    /** Near cache in memory, backed by Redis, evicted by invalidation broadcasts (default). */
    NEAR,
    /** Redis on every request (for comparison in benchmarks). */
    OFF
}

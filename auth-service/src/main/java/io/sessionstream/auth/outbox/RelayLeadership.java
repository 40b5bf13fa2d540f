package io.sessionstream.auth.outbox;

/**
 * Whether this instance's outbox relay leads (holds the advisory lock): one instance of a deployment at a time,
 * but during a handover two may both believe they do for up to one poll interval. For chores that one instance
 * should do, not for what must happen only once: that needs a guard of its own (a row update, a lock).
 */
public interface RelayLeadership {

    /** Whether this instance's relay currently holds the lock. */
    boolean isLeader();
}

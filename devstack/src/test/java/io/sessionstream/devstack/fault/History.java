package io.sessionstream.devstack.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every request a {@link Workload} made, as it made them: kind, session, instance, times and outcome. */
final class History {

    /** What a request was. */
    enum Kind { ME, FORGED_ME, LOGIN, LOGOUT, REVOKE, LOGOUT_EVERYWHERE, PASSWORD_CHANGE }

    /**
     * One request.
     *
     * @param kind        what it was
     * @param user        the user it acted for
     * @param sessionId   the session whose token it sent (for a login: the session it got, if any)
     * @param target      the session it revoked, for {@link Kind#REVOKE}; else null
     * @param instance    the base URL it went to
     * @param startNanos  {@link System#nanoTime()} just before sending
     * @param endNanos    {@link System#nanoTime()} once the answer (or the error) came
     * @param status      the HTTP status, or -1 if the request failed without one (refused, timed out)
     * @param answeredSid for an admitted {@code /api/me}: the session id the instance said it admitted
     */
    record Op(Kind kind, String user, String sessionId, String target, String instance, long startNanos,
              long endNanos, int status, String answeredSid) {

        boolean admitted() {
            return (kind == Kind.ME || kind == Kind.FORGED_ME) && status == 200;
        }
    }

    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();

    void add(Op op) {
        ops.add(op);
        synchronized (this) {
            notifyAll();
        }
    }

    List<Op> ops() {
        return new ArrayList<>(ops);
    }

    int size() {
        return ops.size();
    }
}

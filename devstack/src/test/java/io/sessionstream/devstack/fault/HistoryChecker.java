package io.sessionstream.devstack.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a {@link History} against the {@link Model}:
 *
 * <ul>
 *   <li>no request that <em>started</em> later than (the answer confirming its session's revocation +
 *       the bound) was admitted;</li>
 *   <li>every admitted request used a session that existed: one a login created (and that PostgreSQL
 *       holds), answered as that very session — a forged token is never admitted.</li>
 * </ul>
 *
 * Stale time is how long after the confirming answer an admitted request started (requests that
 * started before the answer are not stale: the revocation was still in flight).
 */
final class HistoryChecker {

    /** The outcome: every violation, explained, and the summary line. */
    record Verdict(int ops, List<String> violations, double maxStaleMs) {

        String summary() {
            return String.format(Locale.ROOT, "history ops=%d violations=%d max-stale-ms=%.1f", ops,
                    violations.size(), maxStaleMs);
        }
    }

    private HistoryChecker() {
    }

    /** {@code durableSessions}: every session id PostgreSQL holds (the durable record). */
    static Verdict check(History history, Model model, Duration bound, Set<String> durableSessions) {
        List<String> violations = new ArrayList<>();
        long maxStale = 0;
        List<History.Op> ops = history.ops();
        for (History.Op op : ops) {
            if (!op.admitted()) {
                continue;
            }
            if (op.kind() == History.Kind.FORGED_ME) {
                violations.add("forged token admitted: " + op);
                continue;
            }
            Model.Session s = model.session(op.sessionId()).orElse(null);
            if (s == null || !durableSessions.contains(op.sessionId()) || !op.sessionId().equals(op.answeredSid())) {
                violations.add("admitted a session no login created, or as another one: " + op);
                continue;
            }
            if (s.confirmedRevoked() && op.startNanos() > s.revokedNanos) {
                long stale = op.startNanos() - s.revokedNanos;
                maxStale = Math.max(maxStale, stale);
                if (stale > bound.toNanos()) {
                    violations.add(String.format(Locale.ROOT, "admitted %.1f ms after its revocation answered: %s",
                            stale / 1e6, op));
                }
            }
        }
        return new Verdict(ops.size(), violations, maxStale / 1e6);
    }
}

package io.sessionstream.devstack;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Measures revocation lag: registers a user, then N times logs in, warms every instance's
 * near cache, logs out, and for each instance measures the time from the logout response
 * until that instance rejects the token.
 *
 * <p>The lag of one instance in one round is the time from the logout response until the
 * send of its first rejected request (0 if the first request after the response is already
 * rejected). An instance that still accepts the token 5 s after the response counts as stale.
 */
public final class LogoutPropagationScenario {

    /** Past this, an instance that still accepts a logged-out token is stale. */
    static final long STALE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** The figures of one run. */
    public record Result(long[] lagsNanos, int instances, int rounds, int staleAfter5s,
                         long[] loginNanos, long[] logoutNanos) {

        /** Login and logout latency as seen by the client (through the first instance's proxy). */
        public String latencies() {
            return String.format(java.util.Locale.ROOT,
                    "login-ms p50=%.2f p99=%.2f max=%.2f logout-ms p50=%.2f p99=%.2f max=%.2f",
                    percentile(loginNanos, 50), percentile(loginNanos, 99), percentile(loginNanos, 100),
                    percentile(logoutNanos, 50), percentile(logoutNanos, 99), percentile(logoutNanos, 100));
        }

        public double percentileMs(double p) {
            return percentile(lagsNanos, p);
        }

        private static double percentile(long[] values, double p) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        /** Writes every lag as {@code round,instance,ms} lines. */
        public void writeCsv(java.nio.file.Path file) throws java.io.IOException {
            StringBuilder csv = new StringBuilder("round,instance,lag_ms\n");
            for (int i = 0; i < lagsNanos.length; i++) {
                csv.append(i / instances + 1).append(',').append("app-").append(i % instances + 1).append(',')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", lagsNanos[i] / 1e6)).append('\n');
            }
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, csv);
        }

        /** The one summary line. */
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "revocation-lag-ms p50=%.2f p99=%.2f max=%.2f instances=%d rounds=%d stale-after-5s=%d",
                    percentileMs(50), percentileMs(99), percentileMs(100), instances, rounds, staleAfter5s);
        }
    }

    private final ApiClient api = new ApiClient();
    private final List<String> appUrls;

    public LogoutPropagationScenario(List<String> appUrls) {
        this.appUrls = List.copyOf(appUrls);
    }

    /** Runs the rounds; logins and logouts go through the first instance's proxy, as a browser's would. */
    public Result run(int rounds, PrintStream out) throws Exception {
        String entry = appUrls.get(0);
        String email = "lag-" + UUID.randomUUID() + "@example.com";
        String password = "lag-scenario-" + UUID.randomUUID();
        api.register(entry, email, password);
        long[] lags = new long[rounds * appUrls.size()];
        long[] logins = new long[rounds];
        long[] logouts = new long[rounds];
        int stale = 0;
        ExecutorService pool = Executors.newFixedThreadPool(appUrls.size());
        try {
            for (int round = 0; round < rounds; round++) {
                long loginStart = System.nanoTime();
                ApiClient.Session session = api.login(entry, email, password);
                logins[round] = System.nanoTime() - loginStart;
                for (String app : appUrls) {
                    ApiClient.Response warm = api.me(app, session.token());
                    if (warm.status() != 200) {
                        throw new IllegalStateException(app + " did not accept a fresh session: " + warm);
                    }
                }
                long logoutStart = System.nanoTime();
                api.logout(entry, session.token());
                long loggedOutAt = System.nanoTime();
                logouts[round] = loggedOutAt - logoutStart;
                List<Future<Long>> probes = new ArrayList<>();
                for (String app : appUrls) {
                    probes.add(pool.submit(() -> lagUntilRejected(app, session.token(), loggedOutAt)));
                }
                for (int i = 0; i < probes.size(); i++) {
                    long lag = probes.get(i).get();
                    if (lag < 0) {
                        stale++;
                        lag = STALE_AFTER_NANOS;
                    }
                    lags[round * appUrls.size() + i] = lag;
                }
                if (out != null && (round + 1) % 10 == 0) {
                    out.printf("  %d/%d rounds%n", round + 1, rounds);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(lags, appUrls.size(), rounds, stale, logins, logouts);
    }

    /** Nanoseconds from the logout response to the send of the first rejected request; -1 if stale. */
    private long lagUntilRejected(String app, String token, long loggedOutAt) {
        for (boolean first = true; ; first = false) {
            long sentAt = System.nanoTime();
            int status = api.me(app, token).status();
            if (status == 401) {
                return first ? 0 : sentAt - loggedOutAt;
            }
            if (status != 200) {
                throw new IllegalStateException(app + " answered " + status + " to a logged-out token");
            }
            if (sentAt - loggedOutAt > STALE_AFTER_NANOS) {
                return -1;
            }
        }
    }
}

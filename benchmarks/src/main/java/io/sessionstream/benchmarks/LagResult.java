package io.sessionstream.benchmarks;

import java.util.List;

/**
 * Revocation lag with N app-demo instances (processes), all with the near cache, under a paced
 * background load of other sessions' requests spread over the instances. Each round logs a
 * session in, warms every instance's near cache with it, logs it out and probes every instance
 * until it rejects the token (devstack's {@code LogoutPropagationScenario}).
 *
 * @param instances      app-demo processes
 * @param rounds         logouts
 * @param staleAfter5s   (round, instance) pairs still accepting the token 5 s after the logout response
 *                       (counted as 5 s in the figures)
 * @param everyInstance  per logout: logout response → the last instance rejects. The auth-service answers a
 *                       logout only once its own copy of the broadcast has arrived, so this is often 0
 * @param fromRequest    per logout: logout request sent → the last instance rejects (the logout's own latency
 *                       plus {@code everyInstance}): the whole path, commit to every near cache
 * @param eachInstance   per (logout, instance): logout response → that instance rejects
 * @param background     the background load during the rounds
 * @param appJvmOptions  the app-demo instances' extra JVM options
 * @param lagsMs         every lag, {@code lagsMs[round][instance]}
 * @param logoutMs       every logout's own latency (request sent → response), by round
 * @param logout         the same, summarized
 */
record LagResult(int instances, int rounds, int staleAfter5s, Distribution everyInstance, Distribution fromRequest,
                 Distribution eachInstance, LoadResult background, List<String> appJvmOptions, double[][] lagsMs,
                 double[] logoutMs, Distribution logout) {

    /**
     * From the scenario's lags, {@code lagsNanos[round * instances + instance]}, and each round's logout
     * duration.
     */
    static LagResult of(int instances, int rounds, int stale, long[] lagsNanos, long[] logoutNanos,
                        LoadResult background, List<String> appJvmOptions) {
        long[] worst = new long[rounds];
        long[] fromRequest = new long[rounds];
        double[][] ms = new double[rounds][instances];
        double[] logoutMs = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < instances; i++) {
                long lag = lagsNanos[round * instances + i];
                worst[round] = Math.max(worst[round], lag);
                ms[round][i] = millis(lag);
            }
            fromRequest[round] = logoutNanos[round] + worst[round];
            logoutMs[round] = millis(logoutNanos[round]);
        }
        return new LagResult(instances, rounds, stale, Distribution.of(worst), Distribution.of(fromRequest),
                Distribution.of(lagsNanos), background, appJvmOptions, ms, logoutMs, Distribution.of(logoutNanos));
    }

    /** Each logout's lag until the last instance rejected, from the response ({@code fromRequest}: from the request). */
    double[] everyInstanceMs(boolean fromRequest) {
        double[] worst = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            for (double lag : lagsMs[round]) {
                worst[round] = Math.max(worst[round], lag);
            }
            worst[round] += fromRequest ? logoutMs[round] : 0;
        }
        return worst;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}

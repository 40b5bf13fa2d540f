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
 * @param everyInstance  per logout: logout response → the last instance rejects
 * @param eachInstance   per (logout, instance): logout response → that instance rejects
 * @param background     the background load during the rounds
 * @param appJvmOptions  the app-demo instances' extra JVM options
 * @param lagsMs         every lag, {@code lagsMs[round][instance]}
 */
record LagResult(int instances, int rounds, int staleAfter5s, Distribution everyInstance, Distribution eachInstance,
                 LoadResult background, List<String> appJvmOptions, double[][] lagsMs) {

    /** From the scenario's lags, {@code lagsNanos[round * instances + instance]}. */
    static LagResult of(int instances, int rounds, int stale, long[] lagsNanos, LoadResult background,
                        List<String> appJvmOptions) {
        long[] worst = new long[rounds];
        double[][] ms = new double[rounds][instances];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < instances; i++) {
                long lag = lagsNanos[round * instances + i];
                worst[round] = Math.max(worst[round], lag);
                ms[round][i] = Math.round(lag / 1000.0) / 1000.0;
            }
        }
        return new LagResult(instances, rounds, stale, Distribution.of(worst), Distribution.of(lagsNanos), background,
                appJvmOptions, ms);
    }
}

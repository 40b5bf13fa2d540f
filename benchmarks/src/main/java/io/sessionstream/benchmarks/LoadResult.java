package io.sessionstream.benchmarks;

import java.util.Locale;

/**
 * One load run: requests/s over the measured period and latency percentiles (microseconds), as the
 * client saw them ({@link LoadGenerator} says from when each latency counts).
 *
 * @param mode              a validation mode ({@code no-auth}, {@code near-cache}, {@code redis}, {@code postgres}) or a
 *                          background load's name
 * @param endpoint          the path requested
 * @param connections       concurrent keep-alive connections
 * @param requests          answers received in the measured period
 * @param errors            answers other than 200 in the measured period
 * @param requestsPerSecond requests / measured seconds
 */
record LoadResult(String mode, String endpoint, int connections, long requests, long errors,
                  double requestsPerSecond, long p50Micros, long p99Micros, long p999Micros, long maxMicros) {

    /** This run, unless more than 1 % of its answers were not 200: its figures would then not measure validation. */
    LoadResult requireAnswered() {
        if (errors > requests / 100) {
            throw new IllegalStateException(mode + ": " + errors + " of " + requests
                    + " answers were not 200 — the figures would not measure validation");
        }
        return this;
    }

    /** Its latency percentiles, for the console. */
    String latencies() {
        return String.format(Locale.ROOT, "p50 %d µs, p99 %d µs, p99.9 %d µs", p50Micros, p99Micros, p999Micros);
    }
}

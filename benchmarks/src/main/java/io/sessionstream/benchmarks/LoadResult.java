package io.sessionstream.benchmarks;

/**
 * One validation-throughput run: requests/s over the measured period and latency percentiles
 * (microseconds), as the closed-loop client saw them.
 *
 * @param mode              {@code no-auth}, {@code near-cache} or {@code redis}
 * @param endpoint          the path requested
 * @param connections       concurrent keep-alive connections
 * @param requests          answers received in the measured period
 * @param errors            answers other than 200 in the measured period
 * @param requestsPerSecond requests / measured seconds
 */
record LoadResult(String mode, String endpoint, int connections, long requests, long errors,
                  double requestsPerSecond, long p50Micros, long p99Micros, long p999Micros, long maxMicros) {
}

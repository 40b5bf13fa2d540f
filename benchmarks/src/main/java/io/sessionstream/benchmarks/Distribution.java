package io.sessionstream.benchmarks;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A summary of durations, in milliseconds, through an HdrHistogram at microsecond resolution
 * (3 significant digits), as the load generator reports its latencies.
 *
 * @param samples how many durations
 * @param p50Ms   median
 * @param p99Ms   99th percentile
 * @param maxMs   largest
 * @param meanMs  mean
 */
record Distribution(long samples, double p50Ms, double p99Ms, double maxMs, double meanMs) {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    static Distribution of(long[] nanos) {
        Histogram h = new Histogram(HIGHEST_MICROS, 3);
        for (long n : nanos) {
            h.recordValue(Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(n)));
        }
        return new Distribution(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, h.getMean() / 1000.0);
    }
}

package io.sessionstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LagResultTest {

    /** HdrHistogram keeps 3 significant digits (buckets of up to 16 µs at 20–40 ms) and answers a bucket's upper end. */
    private static final Offset<Double> HISTOGRAM_PRECISION = Offset.offset(0.05);
    private static final LoadResult BACKGROUND = new LoadResult("background-2", "/api/me", 2, 10, 0, 5, 1, 2, 3, 4);

    @Test
    void of_laysTheScenariosRoundMajorLagsOutByRoundAndInstance_andTakesEachRoundsSlowestInstance() {
        long[] nanos = {ms(1), ms(4), ms(0), ms(2), ms(9), ms(3)};

        LagResult r = LagResult.of(2, 3, 0, nanos, new long[] {ms(10), ms(20), ms(30)}, BACKGROUND, List.of("-Xmx128m"));

        assertThat(r.lagsMs()).isEqualTo(new double[][] {{1, 4}, {0, 2}, {9, 3}});
        assertThat(r.logoutMs()).containsExactly(10, 20, 30);
        assertThat(r.everyInstanceMs(false)).containsExactly(4, 2, 9);
        assertThat(r.everyInstanceMs(true)).containsExactly(14, 22, 39);
        assertThat(r.everyInstance().samples()).isEqualTo(3);
        assertThat(r.everyInstance().p50Ms()).isCloseTo(4, HISTOGRAM_PRECISION);
        assertThat(r.everyInstance().maxMs()).isCloseTo(9, HISTOGRAM_PRECISION);
        assertThat(r.fromRequest().maxMs()).as("round 3: 30 ms logout + 9 ms").isCloseTo(39, HISTOGRAM_PRECISION);
        assertThat(r.fromRequest().p50Ms()).as("round 2: 20 ms logout + 2 ms").isCloseTo(22, HISTOGRAM_PRECISION);
        assertThat(r.eachInstance().samples()).isEqualTo(6);
        assertThat(r.eachInstance().p50Ms()).isCloseTo(2, HISTOGRAM_PRECISION);
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}

package io.sessionstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LagResultTest {

    /** HdrHistogram with 3 significant digits answers the upper end of a value's bucket. */
    private static final Offset<Double> HISTOGRAM_PRECISION = Offset.offset(0.01);
    private static final LoadResult BACKGROUND = new LoadResult("background-2", "/api/me", 2, 10, 0, 5, 1, 2, 3, 4);

    @Test
    void of_laysTheScenariosRoundMajorLagsOutByRoundAndInstance_andTakesEachRoundsSlowestInstance() {
        long[] nanos = {ms(1), ms(4), ms(0), ms(2), ms(9), ms(3)};

        LagResult r = LagResult.of(2, 3, 0, nanos, BACKGROUND, List.of("-Xmx128m"));

        assertThat(r.lagsMs()).isEqualTo(new double[][] {{1, 4}, {0, 2}, {9, 3}});
        assertThat(r.everyInstance().samples()).isEqualTo(3);
        assertThat(r.everyInstance().p50Ms()).isCloseTo(4, HISTOGRAM_PRECISION);
        assertThat(r.everyInstance().maxMs()).isCloseTo(9, HISTOGRAM_PRECISION);
        assertThat(r.eachInstance().samples()).isEqualTo(6);
        assertThat(r.eachInstance().p50Ms()).isCloseTo(2, HISTOGRAM_PRECISION);
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}

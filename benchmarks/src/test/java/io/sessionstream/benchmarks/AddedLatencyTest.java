package io.sessionstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddedLatencyTest {

    private static LoadResult run(String mode, long p99Micros) {
        return new LoadResult(mode, "/api/me", 8, 120_000, 0, 20_000, 100, p99Micros, 3000, 5000);
    }

    private static AddedLatency.Round round(long noAuthP99, long nearCacheP99) {
        return AddedLatency.Round.of(run("no-auth", noAuthP99), run("near-cache", nearCacheP99));
    }

    @Test
    void round_addsNearCacheP99MinusNoAuthP99_inMilliseconds() {
        assertThat(round(1_200, 1_350).addedP99Ms()).isEqualTo(0.15);
        assertThat(round(1_400, 1_250).addedP99Ms()).as("noise can make it negative").isEqualTo(-0.15);
    }

    @Test
    void median_isTheRoundOfTheMiddleDifference_notOfEitherModesMiddleP99() {
        AddedLatency.Round small = round(900, 1_000);
        AddedLatency.Round middle = round(2_000, 2_300);
        AddedLatency.Round large = round(1_000, 1_800);

        assertThat(AddedLatency.median(List.of(large, small, middle))).isSameAs(middle);
        assertThat(AddedLatency.median(List.of(small, large))).as("the upper one of two").isSameAs(large);
        assertThat(AddedLatency.median(List.of(small))).isSameAs(small);
    }
}

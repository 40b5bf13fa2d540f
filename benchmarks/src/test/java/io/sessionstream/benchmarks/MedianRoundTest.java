package io.sessionstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianRoundTest {

    private static LoadResult run(String mode, double rps) {
        return new LoadResult(mode, "/api/me", 8, (long) rps, 0, rps, 100, 1000, 3000, 5000);
    }

    @Test
    void medians_pickEachModesMiddleRound_independentlyOfTheOtherModes() {
        List<List<LoadResult>> rounds = List.of(
                List.of(run("no-auth", 40_000), run("near-cache", 30_000)),
                List.of(run("no-auth", 48_000), run("near-cache", 41_000)),
                List.of(run("no-auth", 44_000), run("near-cache", 39_000)));

        assertThat(BenchmarkSuite.medians(rounds)).extracting(LoadResult::requestsPerSecond)
                .containsExactly(44_000.0, 39_000.0);
    }

    @Test
    void medians_ofOneRound_isThatRound() {
        List<List<LoadResult>> rounds = List.of(List.of(run("no-auth", 40_000), run("near-cache", 30_000)));

        assertThat(BenchmarkSuite.medians(rounds)).isEqualTo(rounds.get(0));
    }
}

package io.sessionstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The suite in smoke mode against the real processes (built jars, the test Redis and PostgreSQL,
 * an embedded broker): every figure is there and positive, and the report is written. No
 * timing is asserted — on a shared CI machine timings mean nothing; this keeps the suite working.
 */
class BenchmarkSmokeIT {

    @Test
    void smokeRun_producesEveryFigureAndTheReport() {
        Path out = Path.of("target", "smoke-it").toAbsolutePath();
        Path home = Path.of("..").toAbsolutePath().normalize();

        Results r = new BenchmarkSuite(SuiteOptions.smoke(out), home, System.out).run();

        assertThat(r.validation()).extracting(LoadResult::mode).containsExactly("no-auth", "near-cache", "redis");
        assertThat(r.validation()).allSatisfy(l -> {
            assertThat(l.requests()).as(l.mode()).isPositive();
            assertThat(l.requestsPerSecond()).as(l.mode()).isPositive();
            assertThat(l.p50Micros()).as(l.mode()).isPositive();
            assertThat(l.p99Micros()).as(l.mode()).isPositive();
            assertThat(l.p999Micros()).as(l.mode()).isPositive();
            assertThat(l.errors()).as(l.mode()).isZero();
        });
        assertThat(r.ratios().nearCacheToNoAuth()).isPositive();
        assertThat(r.ratios().redisToNoAuth()).isPositive();
        assertThat(r.ratios().nearCacheToRedis()).isPositive();
        assertThat(r.micro()).extracting(MicroResult::benchmark)
                .containsExactly("hashCompare", "nearCacheHit", "parse", "wholeHotPath");
        assertThat(r.micro()).allSatisfy(m -> assertThat(m.nsPerOp()).as(m.benchmark()).isPositive());
        assertThat(r.memory().nearCacheBytesPerSession()).isPositive();
        assertThat(r.memory().redisSessionKeyBytes()).isPositive();
        assertThat(r.memory().redisUserIndexBytes()).isPositive();
        assertThat(r.machine().cores()).isPositive();
        assertThat(out.resolve(Report.JSON)).isNotEmptyFile();
        assertThat(out.resolve(Report.MARKDOWN)).content().contains("near-cache", "wholeHotPath", "MEMORY USAGE");
        assertThat(out.resolve(Report.CHART)).isNotEmptyFile();
    }
}

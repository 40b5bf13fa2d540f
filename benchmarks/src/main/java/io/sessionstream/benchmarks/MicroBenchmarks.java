package io.sessionstream.benchmarks;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH hot-path benchmarks ({@link HotPathBenchmark}) with the suite's iteration settings. */
final class MicroBenchmarks {

    private MicroBenchmarks() {
    }

    static List<MicroResult> run(SuiteOptions options) {
        if (options.smoke()) {
            // JMH's lock keeps two benchmark runs from skewing each other; a smoke run's timings mean nothing,
            // and on a shared CI machine another build's JMH must not fail it.
            System.setProperty("jmh.ignoreLock", "true");
        }
        Options jmh = new OptionsBuilder()
                .include(HotPathBenchmark.class.getName() + "\\.")
                .forks(options.jmhForks())
                .jvmArgsAppend("-Xmx512m")
                .warmupIterations(options.jmhWarmups())
                .warmupTime(TimeValue.milliseconds(options.jmhTime().toMillis()))
                .measurementIterations(options.jmhIterations())
                .measurementTime(TimeValue.milliseconds(options.jmhTime().toMillis()))
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .build();
        try {
            return new Runner(jmh).run().stream()
                    .map(MicroBenchmarks::result)
                    .sorted(Comparator.comparing(MicroResult::benchmark))
                    .toList();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH run failed", e);
        }
    }

    private static MicroResult result(RunResult r) {
        String label = r.getParams().getBenchmark();
        String name = label.substring(label.lastIndexOf('.') + 1);
        double error = r.getPrimaryResult().getScoreError();
        return new MicroResult(name, r.getPrimaryResult().getScore(), Double.isNaN(error) ? 0 : error);
    }
}

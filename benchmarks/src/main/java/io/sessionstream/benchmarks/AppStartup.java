package io.sessionstream.benchmarks;

import java.io.PrintStream;

/**
 * An app-demo instance's start, alone: the rest of the stack runs, its jar is on a warm disk (it started once
 * already), and one instance is stopped and started again. Measured from the start of the process to its first
 * ready answer: readiness is DOWN until the instance's invalidation consumer has caught up, so "ready" means
 * trusting its near cache. The instance runs with the stack's JVM options for app-demo (the defaults here).
 */
final class AppStartup {

    /** Restarts of a full run; a smoke run makes one. */
    static final int RUNS = 5;

    private AppStartup() {
    }

    static Distribution measure(BenchStack stack, boolean smoke, PrintStream out) {
        int runs = smoke ? 1 : RUNS;
        out.printf("App instance start → ready (its near cache trusted), alone: %d restart(s) of %s ...%n", runs,
                BenchStack.NEAR_APP);
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            nanos[i] = stack.restartApp(0).toNanos();
        }
        Distribution d = Distribution.of(nanos);
        out.printf("  p50 %.0f ms, max %.0f ms%n", d.p50Ms(), d.maxMs());
        return d;
    }
}

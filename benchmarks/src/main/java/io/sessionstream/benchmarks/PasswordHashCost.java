package io.sessionstream.benchmarks;

import io.sessionstream.auth.users.PasswordHasher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one login spends on its password: Argon2id verifications with the auth-service's own
 * {@link PasswordHasher} ({@link PasswordHasher#forMeasuring}), in this JVM. The parameters are read from a PHC string the running
 * auth-service stored, so they are the ones it is configured with, not a copy of its defaults.
 */
public final class PasswordHashCost {

    private static final Pattern PARAMETERS = Pattern.compile("\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");

    /**
     * The parameters and every timed verification.
     *
     * @param memoryKib   Argon2id memory cost
     * @param iterations  Argon2id passes
     * @param parallelism Argon2id lanes
     * @param verifyNanos one duration per timed verification (wall clock: what a login waits)
     * @param verifyCpuNanos the CPU time of the measuring thread per timed verification, in the same order: what a
     *                    verification takes from a core, however busy the machine is with anything else
     */
    public record Cost(int memoryKib, int iterations, int parallelism, long[] verifyNanos, long[] verifyCpuNanos) {
    }

    private PasswordHashCost() {
    }

    /** Verifies {@code password} against {@code storedHash} {@code warmups} times untimed, then {@code samples} times timed. */
    public static Cost measure(String storedHash, String password, int warmups, int samples) {
        Matcher m = PARAMETERS.matcher(storedHash);
        if (!m.find()) {
            throw new IllegalArgumentException("not an Argon2 PHC string: " + storedHash.substring(0, Math.min(20, storedHash.length())));
        }
        int memoryKib = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        PasswordHasher hasher = PasswordHasher.forMeasuring(memoryKib, iterations);
        for (int i = 0; i < warmups; i++) {
            verify(hasher, password, storedHash);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        long[] nanos = new long[samples];
        long[] cpuNanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            verify(hasher, password, storedHash);
            nanos[i] = System.nanoTime() - start;
            cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpuStart;
        }
        return new Cost(memoryKib, iterations, Integer.parseInt(m.group(3)), nanos, cpuNanos);
    }

    private static void verify(PasswordHasher hasher, String password, String storedHash) {
        if (!hasher.verify(password, storedHash)) {
            throw new IllegalStateException("the password does not match the stored hash");
        }
    }
}

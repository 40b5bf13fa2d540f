package io.sessionstream.benchmarks;

import io.sessionstream.auth.users.PasswordHasher;

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
     * @param verifyNanos one duration per timed verification
     */
    public record Cost(int memoryKib, int iterations, int parallelism, long[] verifyNanos) {
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
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            verify(hasher, password, storedHash);
            nanos[i] = System.nanoTime() - start;
        }
        return new Cost(memoryKib, iterations, Integer.parseInt(m.group(3)), nanos);
    }

    private static void verify(PasswordHasher hasher, String password, String storedHash) {
        if (!hasher.verify(password, storedHash)) {
            throw new IllegalStateException("the password does not match the stored hash");
        }
    }
}

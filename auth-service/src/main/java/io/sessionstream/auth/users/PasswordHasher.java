package io.sessionstream.auth.users;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashing (Bouncy Castle, through Spring Security's encoder, which writes
 * the PHC string format and compares in constant time).
 *
 * <p>Every hash and verification runs inside a bulkhead ({@link HashingConfiguration}): at most
 * {@code max-concurrent} at once, at most {@code max-waiting} requests waiting up to {@code max-wait} for a slot;
 * beyond that {@link HashingBusyException} (503). A flood of anonymous sign-ups or logins therefore costs a
 * bounded amount of memory — slots × {@code argon2-memory-kib} — instead of an OutOfMemoryError.
 *
 * <p>Meters: {@code sessionstream.auth.password.hashes} (tag {@code operation}: {@code hash}, {@code verify}) counts
 * the Argon2 computations, {@code sessionstream.auth.password.busy} the requests the bulkhead refused.
 *
 * <p>{@link #verifyAgainstNobody(String)} spends the same work as a real check, so that an
 * unknown email costs the same time as a wrong password.
 */
// Eager: the timing equaliser is computed at startup, not during the first login, and the meters exist from the start.
@Context
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;

    private final Argon2PasswordEncoder encoder;
    private final String dummyHash;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiting;
    private final long maxWaitNanos;
    private final Counter hashes;
    private final Counter verifications;
    private final Counter busy;

    PasswordHasher(Argon2Configuration config, HashingConfiguration hashing, MeterRegistry registry) {
        this.hashes = Counter.builder("sessionstream.auth.password.hashes").description("Argon2id computations")
                .tag("operation", "hash").register(registry);
        this.verifications = Counter.builder("sessionstream.auth.password.hashes").description("Argon2id computations")
                .tag("operation", "verify").register(registry);
        this.busy = Counter.builder("sessionstream.auth.password.busy")
                .description("Requests refused because every hashing slot was taken").register(registry);
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM,
                config.argon2MemoryKib(), config.argon2Iterations());
        this.dummyHash = encoder.encode("sessionstream-timing-equaliser");
        this.slots = new Semaphore(hashing.slots(), true);
        this.maxWaiting = hashing.maxWaiting();
        this.maxWaitNanos = hashing.maxWait().toNanos();
    }

    /**
     * A hasher with these Argon2id parameters, one slot and no meters: for measuring what one verification costs
     * outside a running service (the benchmarks), with exactly the service's encoder.
     */
    public static PasswordHasher forMeasuring(int memoryKib, int iterations) {
        return new PasswordHasher(new Argon2Configuration(memoryKib, iterations),
                new HashingConfiguration(1, 0, java.time.Duration.ofSeconds(1)),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** A new PHC string for the password. */
    public String hash(String password) {
        return bounded(hashes, () -> encoder.encode(password));
    }

    /** Whether the password matches the stored hash. */
    public boolean verify(String password, String storedHash) {
        return bounded(verifications, () -> encoder.matches(password, storedHash));
    }

    /** Burns the time of one verification; always false. */
    public boolean verifyAgainstNobody(String password) {
        bounded(verifications, () -> encoder.matches(password, dummyHash));
        return false;
    }

    /** Whether a stored hash was made with other parameters than the current ones. */
    public boolean needsRehash(String storedHash) {
        return encoder.upgradeEncoding(storedHash);
    }

    private <T> T bounded(Counter counter, Supplier<T> work) {
        if (!slots.tryAcquire()) {
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                throw refused();
            }
            try {
                if (!slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                    throw refused();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw refused();
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            counter.increment();
            return work.get();
        } finally {
            slots.release();
        }
    }

    private HashingBusyException refused() {
        busy.increment();
        return new HashingBusyException();
    }
}

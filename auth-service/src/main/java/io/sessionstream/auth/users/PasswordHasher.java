package io.sessionstream.auth.users;

import io.sessionstream.auth.AuthConfiguration;
import jakarta.inject.Singleton;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashing (Bouncy Castle, through Spring Security's encoder, which writes
 * the PHC string format and compares in constant time).
 *
 * <p>{@link #verifyAgainstNobody(String)} spends the same work as a real check, so that an
 * unknown email costs the same time as a wrong password.
 */
@Singleton
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;

    private final Argon2PasswordEncoder encoder;
    private final String dummyHash;

    PasswordHasher(AuthConfiguration config) {
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM,
                config.argon2MemoryKib(), config.argon2Iterations());
        this.dummyHash = encoder.encode("sessionstream-timing-equaliser");
    }

    /** A new PHC string for the password. */
    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Whether the password matches the stored hash. */
    public boolean verify(String password, String storedHash) {
        return encoder.matches(password, storedHash);
    }

    /** Burns the time of one verification; always false. */
    public boolean verifyAgainstNobody(String password) {
        encoder.matches(password, dummyHash);
        return false;
    }

    /** Whether a stored hash was made with other parameters than the current ones. */
    public boolean needsRehash(String storedHash) {
        return encoder.upgradeEncoding(storedHash);
    }
}

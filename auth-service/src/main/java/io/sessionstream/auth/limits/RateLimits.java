package io.sessionstream.auth.limits;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis (Bucket4j, compare-and-swap), shared by every auth-service instance. A request takes its
 * token <em>before</em> the work it pays for (a password hash, a mail), so concurrent requests can never all pass
 * a check and then all do the work; a success that should cost nothing gives its token back.
 *
 * <p>Redis keys, each a binary string holding Bucket4j's bucket state; TTL = the time until the bucket would be
 * full again (a full bucket and a missing key are the same), under {@code rate-limit.redis-prefix}
 * ({@code ss:rl:}):
 * <ul>
 *   <li>{@code a:<hex sha256 of the email>} — failed logins of an account from untrusted browsers; the email never
 *       appears in clear</li>
 *   <li>{@code ip:<address>} — failed logins from one client address (an IPv6 address counts by its /64)</li>
 *   <li>{@code d:<device key>} — failed logins of an account from one trusted device</li>
 *   <li>{@code su:<address>} — registrations from one client address</li>
 *   <li>{@code re:<hex sha256 of the email>}, {@code ri:<address>} — password reset requests per email and per
 *       client address</li>
 * </ul>
 *
 * <p>If Redis cannot answer, {@link LimitStoreUnavailableException} (fail closed): an outage must not switch the
 * limits off. Without Redis buckets ({@code rate-limit.enabled=false}) nothing is ever limited.
 */
@Singleton
public class RateLimits {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);
    private static final HexFormat HEX = HexFormat.of();

    /** One family of buckets: its key prefix and its size. */
    public record Limit(String family, BucketConfiguration bucket) {

        static Limit of(String family, int capacity, Duration window) {
            return new Limit(family, BucketConfiguration.builder()
                    .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, window)).build());
        }
    }

    /** One bucket: a limit and the key of whoever it counts. */
    public record Key(Limit limit, String id) {
    }

    /** Tokens taken; {@link #giveBack()} returns them when the request turns out to cost nothing. */
    @FunctionalInterface
    public interface Taken {
        /** Returns every token taken (best effort: a Redis failure here only makes the limit stricter). */
        void giveBack();
    }

    private static final Taken NOTHING = () -> { };

    private final ProxyManager<String> buckets;
    private final String prefix;
    private final Limit accountFailures;
    private final Limit addressFailures;
    private final Limit deviceFailures;
    private final Limit signups;
    private final Limit resetsPerEmail;
    private final Limit resetsPerAddress;

    RateLimits(RateLimitConfiguration config, Optional<ProxyManager<String>> buckets) {
        this.buckets = buckets.orElse(null);
        this.prefix = config.redisPrefix();
        this.accountFailures = Limit.of("a:", config.accountFailures(), config.accountWindow());
        this.addressFailures = Limit.of("ip:", config.ipFailures(), config.ipWindow());
        this.deviceFailures = Limit.of("d:", config.deviceFailures(), config.accountWindow());
        this.signups = Limit.of("su:", config.signupsPerAddress(), config.signupWindow());
        this.resetsPerEmail = Limit.of("re:", config.resetsPerEmail(), config.resetWindow());
        this.resetsPerAddress = Limit.of("ri:", config.resetsPerAddress(), config.resetWindow());
    }

    /** The bucket of failed logins of an account (by email) from untrusted browsers. */
    public Key accountFailures(String email) {
        return new Key(accountFailures, emailKey(email));
    }

    /** The bucket of failed logins from a client address. */
    public Key addressFailures(String clientAddress) {
        return new Key(addressFailures, addressKey(clientAddress));
    }

    /** The bucket of failed logins of one account from one trusted device. */
    public Key deviceFailures(String deviceKey) {
        return new Key(deviceFailures, deviceKey);
    }

    /** The bucket of registrations from a client address. */
    public Key signups(String clientAddress) {
        return new Key(signups, addressKey(clientAddress));
    }

    /** The bucket of reset requests for an email address. */
    public Key resetsFor(String email) {
        return new Key(resetsPerEmail, emailKey(email));
    }

    /** The bucket of reset requests from a client address. */
    public Key resetsFrom(String clientAddress) {
        return new Key(resetsPerAddress, addressKey(clientAddress));
    }

    /**
     * Takes one token from every bucket, or none: if one is empty, the tokens already taken are given back and
     * {@link RateLimitedException} says how long until all of them have a token again (at least 1 s).
     */
    public Taken take(String code, String message, Key... keys) {
        if (buckets == null) {
            return NOTHING;
        }
        List<BucketProxy> taken = new ArrayList<>(keys.length);
        try {
            for (Key key : keys) {
                BucketProxy bucket = buckets.getProxy(prefix + key.limit().family() + key.id(), key.limit()::bucket);
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
                if (!probe.isConsumed()) {
                    giveBack(taken);
                    throw new RateLimitedException(code, message, retryAfterSeconds(probe.getNanosToWaitForRefill()));
                }
                taken.add(bucket);
            }
        } catch (RateLimitedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Rate-limit buckets in Redis did not answer; refusing the request", e);
            giveBack(taken);
            throw new LimitStoreUnavailableException(e);
        }
        return () -> giveBack(taken);
    }

    private static void giveBack(List<BucketProxy> taken) {
        for (BucketProxy bucket : taken) {
            try {
                bucket.addTokens(1);
            } catch (RuntimeException e) {
                LOG.warn("Could not give a rate-limit token back in Redis", e);
            }
        }
    }

    static int retryAfterSeconds(long waitNanos) {
        long seconds = (Math.max(1, waitNanos) + 999_999_999L) / 1_000_000_000L;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
    }

    /** Hex sha256 of the email as logins compare it (trimmed, lower case), so Redis never holds it in clear. */
    static String emailKey(String email) {
        return sha256Hex(email.trim().toLowerCase(Locale.ROOT));
    }

    /** Hex sha256 of a text. */
    public static String sha256Hex(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }

    /**
     * The address as counted: IPv4 as is; IPv6 reduced to its /64, since one host usually holds a whole /64 and
     * could otherwise walk through 2^64 buckets; an IPv4-mapped IPv6 address as its IPv4 address.
     */
    static String addressKey(String clientAddress) {
        if (clientAddress == null || clientAddress.isBlank()) {
            return "unknown";
        }
        if (!looksLikeIpv6Literal(clientAddress)) {
            return clientAddress;
        }
        try {
            // A literal: InetAddress parses it without any name lookup.
            byte[] bytes = InetAddress.getByName(clientAddress).getAddress();
            if (bytes.length == 16) {
                Arrays.fill(bytes, 8, 16, (byte) 0);
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return clientAddress;
        }
    }

    /** Contains a colon and starts like a literal, so {@link InetAddress#getByName} will not look it up in DNS. */
    private static boolean looksLikeIpv6Literal(String s) {
        char first = s.charAt(0);
        return s.indexOf(':') >= 0 && (Character.digit(first, 16) != -1 || first == ':' || first == '[');
    }
}

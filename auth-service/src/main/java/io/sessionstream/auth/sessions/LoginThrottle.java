package io.sessionstream.auth.sessions;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micronaut.http.HttpStatus;
import io.sessionstream.auth.web.ApiException;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits <em>failed</em> logins, per account and per client address, with token buckets kept
 * in Redis so that every auth-service instance counts together. A login is refused with 429
 * before its password is even verified while either bucket is empty; every failed verification
 * (unknown email and wrong password alike) takes one token from both. Successful logins take
 * nothing, so heavy legitimate use is never limited. A wrong current password on a password
 * change counts as a failed login of that account too, so a stolen session cannot be used to
 * guess the password at leisure.
 *
 * <p>Redis keys, each a binary string holding Bucket4j's bucket state, written with a
 * compare-and-swap script; TTL = the time until the bucket would be full again, when it is
 * indistinguishable from a missing key:
 * <ul>
 *   <li>{@code <redis-prefix>a:<hex sha256 of the trimmed, lower-cased email>} — the account bucket,
 *       {@code account-failures} per {@code account-window}; the email never appears in clear</li>
 *   <li>{@code <redis-prefix>ip:<address>} — the client-address bucket, {@code ip-failures} per
 *       {@code ip-window}; an IPv6 address counts by its /64, what one host is usually given</li>
 * </ul>
 *
 * <p>If Redis cannot answer a check, the login is refused with 503 (fail closed): an outage
 * must not switch the limit off.
 */
@Singleton
public class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    private static final HexFormat HEX = HexFormat.of();

    private final ProxyManager<String> buckets;
    private final String accountPrefix;
    private final String addressPrefix;
    private final BucketConfiguration accountLimit;
    private final BucketConfiguration addressLimit;

    LoginThrottle(RateLimitConfiguration config, Optional<ProxyManager<String>> buckets) {
        this.buckets = buckets.orElse(null);
        this.accountPrefix = config.redisPrefix() + "a:";
        this.addressPrefix = config.redisPrefix() + "ip:";
        this.accountLimit = limit(config.accountFailures(), config.accountWindow());
        this.addressLimit = limit(config.ipFailures(), config.ipWindow());
    }

    /**
     * Throws {@link ApiException} 429 {@code too_many_attempts} with {@code Retry-After} (the
     * seconds until both buckets have a token again, at least 1) if the account or the address
     * has no failed attempt left; 503 {@code store_unavailable} if Redis cannot answer.
     */
    public void check(String email, String clientAddress) {
        if (buckets == null) {
            return;
        }
        long waitNanos;
        try {
            waitNanos = Math.max(nanosUntilToken(accountBucket(email)), nanosUntilToken(addressBucket(clientAddress)));
        } catch (RuntimeException e) {
            LOG.warn("Login buckets in Redis did not answer; refusing the login attempt", e);
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable",
                    "The rate-limit store is unreachable; retry shortly", 1);
        }
        if (waitNanos > 0) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts",
                    "Too many failed login attempts; retry after the time given in Retry-After",
                    retryAfterSeconds(waitNanos));
        }
    }

    /** Counts one failed login against the account and the address. */
    public void recordFailure(String email, String clientAddress) {
        if (buckets == null) {
            return;
        }
        try {
            accountBucket(email).tryConsume(1);
            addressBucket(clientAddress).tryConsume(1);
        } catch (RuntimeException e) {
            // The attempt has failed already and is answered 401; the next check fails closed.
            LOG.warn("Could not count a failed login in Redis", e);
        }
    }

    private BucketProxy accountBucket(String email) {
        return buckets.getProxy(accountPrefix + accountKey(email), () -> accountLimit);
    }

    private BucketProxy addressBucket(String clientAddress) {
        return buckets.getProxy(addressPrefix + addressKey(clientAddress), () -> addressLimit);
    }

    private static long nanosUntilToken(BucketProxy bucket) {
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    static int retryAfterSeconds(long waitNanos) {
        long seconds = (waitNanos + 999_999_999L) / 1_000_000_000L;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
    }

    /** Hex sha256 of the email as logins compare it (trimmed, lower case), so Redis never holds it in clear. */
    static String accountKey(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }

    /**
     * The address as counted: IPv4 as is; IPv6 reduced to its /64, since one host usually holds a
     * whole /64 and could otherwise walk through 2^64 buckets. Anything else (a name) as is.
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

    private static BucketConfiguration limit(int failures, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(failures).refillGreedy(failures, window))
                .build();
    }
}

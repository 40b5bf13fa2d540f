package io.sessionstream.auth.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitsTest {

    @Test
    void emailKey_isTheHashOfTheEmailAsLoginsCompareIt_neverTheEmail() {
        String key = RateLimits.emailKey("Alice@Example.com ");

        assertThat(key).isEqualTo(RateLimits.emailKey("alice@example.com")).hasSize(64).doesNotContain("alice");
    }

    @Test
    void addressKey_countsIpv6ByItsSlash64_andIpv4AsItIs() {
        assertThat(RateLimits.addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(RateLimits.addressKey("2001:db8:1:2::1"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(RateLimits.addressKey("2001:db8:1:3::1")).isNotEqualTo(RateLimits.addressKey("2001:db8:1:2::1"));
        assertThat(RateLimits.addressKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(RateLimits.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(RateLimits.addressKey("not:an address")).isEqualTo("not:an address");
        assertThat(RateLimits.addressKey(null)).isEqualTo("unknown");
    }

    @Test
    void retryAfter_roundsUp_andIsAtLeastOneSecond() {
        assertThat(RateLimits.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RateLimits.retryAfterSeconds(1_000_000_000L)).isEqualTo(1);
        assertThat(RateLimits.retryAfterSeconds(1_000_000_001L)).isEqualTo(2);
    }
}

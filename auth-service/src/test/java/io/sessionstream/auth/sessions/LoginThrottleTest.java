package io.sessionstream.auth.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void accountKey_isTheHashOfTheEmailAsLoginsCompareIt_neverTheEmail() {
        String key = LoginThrottle.accountKey("Alice@Example.com ");

        assertThat(key).isEqualTo(LoginThrottle.accountKey("alice@example.com")).hasSize(64).doesNotContain("alice");
    }

    @Test
    void addressKey_countsIpv6ByItsSlash64_andIpv4AsItIs() {
        assertThat(LoginThrottle.addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(LoginThrottle.addressKey("2001:db8:1:2::1"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(LoginThrottle.addressKey("2001:db8:1:3::1")).isNotEqualTo(LoginThrottle.addressKey("2001:db8:1:2::1"));
        assertThat(LoginThrottle.addressKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(LoginThrottle.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(LoginThrottle.addressKey("not:an address")).isEqualTo("not:an address");
        assertThat(LoginThrottle.addressKey(null)).isEqualTo("unknown");
    }

    @Test
    void retryAfter_roundsUp_andIsAtLeastOneSecond() {
        assertThat(LoginThrottle.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(LoginThrottle.retryAfterSeconds(1_000_000_000L)).isEqualTo(1);
        assertThat(LoginThrottle.retryAfterSeconds(1_000_000_001L)).isEqualTo(2);
    }
}

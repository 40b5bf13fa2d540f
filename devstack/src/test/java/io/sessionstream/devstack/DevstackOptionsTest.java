package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DevstackOptionsTest {

    @Test
    void parse_defaults_areThreeInstancesOneBrokerAndNoScenario() {
        assertThat(Devstack.Options.parse(new String[0])).isEqualTo(new Devstack.Options(3, 1, null, 50));
    }

    @Test
    void parse_brokers_takesOneOrThree() {
        assertThat(Devstack.Options.parse(new String[] {"--brokers", "3"}).brokers()).isEqualTo(3);
        assertThat(Devstack.Options.parse(new String[] {"--brokers", "1", "--instances", "2"}))
                .isEqualTo(new Devstack.Options(2, 1, null, 50));
    }

    @Test
    void parse_brokersOtherThanOneOrThree_saysWhatItTakes() {
        for (String n : new String[] {"2", "4", "5"}) {
            assertThatThrownBy(() -> Devstack.Options.parse(new String[] {"--brokers", n}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--brokers takes 1 (one embedded broker) or 3 (a replicated cluster, replication factor 3), not " + n);
        }
        assertThatThrownBy(() -> Devstack.Options.parse(new String[] {"--brokers", "0"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> Devstack.Options.parse(new String[] {"--brokers", "three"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> Devstack.Options.parse(new String[] {"--brokers"})).hasMessageContaining("needs a value");
    }

    @Test
    void parse_scenario_readsInstancesAndRounds() {
        assertThat(Devstack.Options.parse(new String[] {"--scenario", "logout-propagation", "--instances", "4", "--rounds", "7"}))
                .isEqualTo(new Devstack.Options(4, 1, "logout-propagation", 7));
    }

    @Test
    void parse_badInput_saysWhatIsWrong() {
        assertThatThrownBy(() -> Devstack.Options.parse(new String[] {"--rounds", "zero"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> Devstack.Options.parse(new String[] {"--scenario", "other"})).hasMessageContaining("unknown scenario");
        assertThatThrownBy(() -> Devstack.Options.parse(new String[] {"--instances"})).hasMessageContaining("needs a value");
    }

    @Test
    void summary_percentilesAreOverAllInstanceRounds() {
        long[] lags = {0, 1_000_000, 2_000_000, 3_000_000};
        LogoutPropagationScenario.Result result = new LogoutPropagationScenario.Result(lags, 2, 2, 0,
                new long[] {1, 2}, new long[] {1, 2});

        assertThat(result.summary()).isEqualTo("revocation-lag-ms p50=1.00 p99=3.00 max=3.00 instances=2 rounds=2 stale-after-5s=0");
    }
}

package io.sessionstream.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a careless operator's Redis settings do: fail at start, saying what to fix, never a request's 500. */
class StoreConnectionTest {

    @Test
    void anEmptyClusterSeedList_isRefusedAtStart_namingTheSetting() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("redis.uris", "")).close())
                .hasStackTraceContaining("redis.uris (REDIS_URIS) is set but empty");
    }

    @Test
    void aSingleRedis_orAClusterSeedList_starts() {
        try (ApplicationContext single = ApplicationContext.run(Map.of("redis.uri", "redis://127.0.0.1:6379"))) {
            org.assertj.core.api.Assertions.assertThat(single.getBean(StoreConnection.class).isCluster()).isFalse();
        }
        try (ApplicationContext cluster = ApplicationContext.run(Map.of("redis.uris",
                "redis://127.0.0.1:7001,redis://127.0.0.1:7002"))) {
            org.assertj.core.api.Assertions.assertThat(cluster.getBean(StoreConnection.class).isCluster()).isTrue();
        }
    }
}

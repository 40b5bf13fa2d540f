package io.sessionstream.auth.sessions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.sessionstream.auth.AuthTestProperties;
import io.sessionstream.testkit.TestPostgres;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A careless operator's session settings: a zero or negative duration (a typo, a unit left out) stops the auth-service
 * at startup with the setting's name, instead of an expiry sweep that never runs or a wait that always fails.
 */
class SessionSettingsIT {

    @ParameterizedTest
    @CsvSource({"expiry-sweep-interval, 0s", "expiry-sweep-interval, -30s", "idle-timeout, 0s",
            "absolute-lifetime, -1d", "projection-wait, 0ms"})
    void zeroOrNegativeDuration_stopsTheStart_namingTheSetting(String setting, String value) {
        Map<String, Object> p = new HashMap<>(AuthTestProperties.plainHttp(TestPostgres.newDatabase()));
        p.put("micronaut.server.port", "-1");
        p.put("sessionstream.auth." + setting, value);

        assertThatThrownBy(() -> ApplicationContext.run(p).close())
                .hasStackTraceContaining("sessionstream.auth." + setting + " must be positive");
    }
}

package io.sessionstream.devstack.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Micronaut's rule for environment variables: the name in lower case, each {@code _} read as
 * {@code .} or {@code -}, every combination ({@code SESSIONSTREAM_DEMO_AUTH_SERVICE_URL} →
 * {@code sessionstream.demo.auth-service-url} among others).
 */
final class EnvironmentVariables {

    private EnvironmentVariables() {
    }

    /** Every property name Micronaut derives from the variable {@code name}. */
    static List<String> propertyCandidates(String name) {
        String[] words = name.toLowerCase(Locale.ROOT).split("_", -1);
        List<String> result = new ArrayList<>();
        int separators = words.length - 1;
        if (separators > 16) {
            throw new IllegalArgumentException("implausibly long variable name " + name);
        }
        for (int mask = 0; mask < (1 << separators); mask++) {
            StringBuilder property = new StringBuilder(words[0]);
            for (int i = 0; i < separators; i++) {
                property.append((mask & (1 << i)) == 0 ? '.' : '-').append(words[i + 1]);
            }
            result.add(property.toString());
        }
        return result;
    }
}

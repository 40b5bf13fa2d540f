package io.sessionstream.devstack.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's settings table ("Configure it") documents every property of every service's
 * {@code @ConfigurationProperties} records, with its default. A setting added to a record and not to the
 * table fails here, naming it.
 */
class ConfigurationDocsTest {

    private static final List<String> SERVICES = List.of("auth-service", "session-projector", "app-demo", "session-audit");

    @Test
    void readmeSettingsTable_namesEveryConfigurationProperty_withItsDefault() throws Exception {
        Path root = ComposeConsistencyTest.repositoryRoot();
        List<String> rows = settingsRows(Files.readString(root.resolve("docs").resolve("configuration.md")));
        Map<String, String> undocumented = new TreeMap<>();
        Map<String, String> wrongDefault = new TreeMap<>();
        for (String module : SERVICES) {
            ServiceConfig config = ServiceConfig.of(root, module);
            assertThat(config.configurationProperties()).as(module + ": no configuration records found").isNotEmpty();
            for (String property : config.configurationProperties()) {
                List<String> documenting = rows.stream().filter(row -> documents(row, property)).toList();
                if (documenting.isEmpty()) {
                    undocumented.put(property, module);
                    continue;
                }
                config.defaultValue(property).filter(d -> !d.isBlank())
                        .filter(d -> documenting.stream().noneMatch(row -> row.contains(d)))
                        .ifPresent(d -> wrongDefault.put(property, d));
            }
        }
        assertThat(undocumented).as("settings missing from docs/configuration.md (property → service)").isEmpty();
        assertThat(wrongDefault).as("settings whose default docs/configuration.md does not show (property → default)").isEmpty();
    }

    /**
     * A row documents {@code a.b.c-d} when it names it in full, or names {@code c-d} after a full name
     * with the same prefix in the same row ({@code `a.b.x` / `c-d`}).
     */
    private static boolean documents(String row, String property) {
        if (row.contains("`" + property + "`")) {
            return true;
        }
        int dot = property.lastIndexOf('.');
        String prefix = property.substring(0, dot + 1);
        return row.contains("`" + property.substring(dot + 1) + "`") && row.contains("`" + prefix);
    }

    private static List<String> settingsRows(String readme) {
        int start = readme.indexOf("## Configure it");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("docs/configuration.md has a 'Configure it' section").isNotNegative();
        return new ArrayList<>(Arrays.stream(readme.substring(start, end < 0 ? readme.length() : end).split("\n"))
                .filter(line -> line.startsWith("| `")).toList());
    }
}

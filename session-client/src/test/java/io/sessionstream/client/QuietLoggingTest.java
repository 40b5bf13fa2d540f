package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application on logback without a logback.xml logs at INFO, not logback's DEBUG default ({@link QuietLogging});
 * one with its own logback.xml gets exactly what its file says. Each case is a new JVM with the library's class path
 * but not this module's test resources (whose logback-test.xml would decide).
 */
class QuietLoggingTest {

    private static final String APP = """
            public class App {
                public static void main(String[] args) {
                    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("com.example.App");
                    log.debug("DEBUG-LINE");
                    log.info("INFO-LINE");
                    org.slf4j.LoggerFactory.getLogger("org.apache.kafka.clients.Metadata").info("KAFKA-INFO-LINE");
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void appWithoutLogbackFile_logsInfo_notDebug() throws Exception {
        String out = run(libraryClassPath());

        assertThat(out).contains("INFO-LINE").doesNotContain("DEBUG-LINE", "KAFKA-INFO-LINE");
    }

    @Test
    void appWithItsOwnLogbackFile_getsWhatItsFileSays() throws Exception {
        Path resources = Files.createDirectories(dir.resolve("resources"));
        Files.writeString(resources.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>own %msg%n</pattern></encoder>
                  </appender>
                  <root level="DEBUG"><appender-ref ref="OUT"/></root>
                </configuration>
                """);

        String out = run(resources + File.pathSeparator + libraryClassPath());

        assertThat(out).contains("own DEBUG-LINE", "own INFO-LINE", "own KAFKA-INFO-LINE");
    }

    /** This test JVM's class path without the test classes and resources. */
    private static String libraryClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').endsWith("/test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private String run(String classPath) throws Exception {
        Path source = dir.resolve("App.java");
        Files.writeString(source, APP);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, source.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the app ends").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}

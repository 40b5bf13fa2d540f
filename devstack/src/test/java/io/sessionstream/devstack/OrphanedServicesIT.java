package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sessionstream.testkit.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the JVM that started the services — {@code ./run}, a test run, a benchmark — as a careless
 * operator or a build's time limit does it: no shutdown hook runs, and before the reaper
 * ({@link io.sessionstream.testkit.Reaper}) its services lived on, holding their ports and consuming the topics.
 * Here the launcher is a real JVM ({@link Launcher}) that starts a real app-demo through {@link ServiceProcess}.
 */
class OrphanedServicesIT {

    /** The reaper's SIGTERM, then its SIGKILL after its grace of 10 s, with room for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private Process launcher;
    private ProcessHandle service;

    @AfterEach
    void cleanUp() {
        if (launcher != null) {
            launcher.destroyForcibly();
        }
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @Test
    void servicesOfALauncherKilledWithSigkill_areEnded() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        launcher = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String pid = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        service = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        assertThat(service.info().commandLine().orElse("")).contains("app-demo");

        launcher.destroyForcibly();

        await().atMost(BOUND).until(() -> !service.isAlive());
    }

    /** Starts an app-demo (its Kafka and Redis need not answer: it only has to run), prints its pid, waits. */
    static final class Launcher {
        public static void main(String[] args) throws Exception {
            Path home = Path.of("..").toAbsolutePath().normalize();
            ServiceProcess app = ServiceProcess.start("app-demo", Stack.serviceJar(home, "app-demo"), Ports.free(),
                    Map.of("kafka.bootstrap.servers", "127.0.0.1:" + Ports.free(),
                            "redis.uri", "redis://127.0.0.1:" + Ports.free()),
                    Path.of("target", "orphaned-services").toAbsolutePath());
            System.out.println(app.pid());
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}

package io.sessionstream.devstack;

import io.sessionstream.testkit.Reaper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as its own JVM process from its runnable jar, with its output in a
 * log file. Ready once {@code /health/readiness} answers 200.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, List<String> command, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -jar jar} with the given system properties; output goes to {@code logDir/name.log}. */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties, Path logDir) {
        return start(name, jar, port, properties, List.of(), logDir);
    }

    /**
     * Starts {@code java -jar jar} with the given system properties and extra JVM options (after the
     * defaults, so they win); output goes to {@code logDir/name.log}.
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties,
                                       List<String> jvmOptions, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with mvn -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-Xms64m", "-Xmx384m",
                "-Dmicronaut.server.port=" + port));
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(logDir);
            return launch(name, port, command, logDir.resolve(name + ".log"), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private static ServiceProcess launch(String name, int port, List<String> command, Path log, boolean append) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            // Ended by the reaper if this JVM dies without ending it (kill -9 of ./run, a killed build).
            Reaper.watchThisJvm();
            return new ServiceProcess(name, port, command, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Starts the same command again (same port, same properties), appending to the same log: the
     * restart after a crash. Call it once this process has exited.
     */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        return launch(name, port, ClassDataSharing.forRestart(command), log, true);
    }

    /** SIGKILL, as a crash: no shutdown hook runs, nothing is flushed or closed. Waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** The operating system's id of the process (for {@code jcmd}). */
    public long pid() {
        return process.pid();
    }

    /** CPU time the process has used so far (user and system), as the operating system reports it. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "the operating system does not report the CPU time of " + name));
    }

    /** Whether the process has died. */
    public boolean exited() {
        return !process.isAlive();
    }

    /** Whether {@code /health/readiness} answers 200 now. */
    public boolean ready() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the log, to explain a failure. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        requestStop();
        awaitStop();
    }

    /** SIGTERM, without waiting: {@link #awaitStop} waits. Lets a caller stop several processes at once. */
    void requestStop() {
        process.destroy();
    }

    /** Waits up to 10 s for the process to exit after {@link #requestStop}, then SIGKILLs it. */
    void awaitStop() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

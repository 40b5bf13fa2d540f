package io.sessionstream.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers can be used here. */
final class Docker {

    private Docker() {
    }

    /**
     * True when a Docker engine answers. Without {@code DOCKER_HOST} or a local socket the
     * answer is no at once, sparing Testcontainers' long error report on machines without Docker.
     */
    static boolean available() {
        String host = System.getenv("DOCKER_HOST");
        boolean hint = (host != null && !host.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"));
        return hint && DockerClientFactory.instance().isDockerAvailable();
    }
}

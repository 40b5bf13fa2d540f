package io.sessionstream.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An application of one's own on session-client, run by a {@link Stack} beside app-demo: instances
 * {@code name-1}, {@code name-2}, ... from its runnable jar, one per port. Each instance is given only what the
 * docs say an app sets (docs/client.md): {@code kafka.bootstrap.servers}, {@code redis.uri} and the stack's key
 * prefix and topic names, so that it runs as its own configuration and the library's defaults make it.
 *
 * @param name      instance names are {@code name-1}, {@code name-2}, ...
 * @param jar       its runnable jar
 * @param ports     one HTTP port per instance
 * @param overrides properties for every instance, applied last (e.g. {@code redis.uri} through a proxy)
 */
public record ClientApp(String name, Path jar, List<Integer> ports, Map<String, String> overrides) {

    public ClientApp {
        ports = List.copyOf(ports);
        overrides = Map.copyOf(overrides);
    }

    /** The instance names, in port order. */
    public List<String> instances() {
        return java.util.stream.IntStream.rangeClosed(1, ports.size()).mapToObj(i -> name + "-" + i).toList();
    }
}

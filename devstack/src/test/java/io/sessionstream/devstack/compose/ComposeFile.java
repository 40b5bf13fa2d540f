package io.sessionstream.devstack.compose;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} as plain data, parsed with SnakeYAML (anchors and {@code <<} merge keys
 * resolved as Compose resolves them). Only what the consistency test reads.
 */
record ComposeFile(Path file, Map<String, Service> services) {

    /** One entry under {@code services:}. */
    record Service(String name, Map<String, Object> raw) {

        Optional<String> image() {
            return Optional.ofNullable(raw.get("image")).map(String::valueOf);
        }

        /** {@code build.dockerfile}, relative to {@code build.context}; empty for an image-only service. */
        Optional<String> dockerfile() {
            return map(raw.get("build")).map(b -> String.valueOf(b.getOrDefault("dockerfile", "Dockerfile")));
        }

        Optional<String> buildContext() {
            return map(raw.get("build")).map(b -> String.valueOf(b.getOrDefault("context", ".")));
        }

        /** {@code environment}, in either form ({@code KEY: value} or {@code - KEY=value}). */
        Map<String, String> environment() {
            Object env = raw.get("environment");
            Map<String, String> result = new LinkedHashMap<>();
            if (env instanceof Map<?, ?> m) {
                m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            } else if (env instanceof List<?> l) {
                for (Object entry : l) {
                    String s = String.valueOf(entry);
                    int eq = s.indexOf('=');
                    result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
                }
            }
            return result;
        }

        /** The container ports it declares: {@code expose} and the container side of {@code ports}. */
        List<Integer> containerPorts() {
            List<Integer> result = new ArrayList<>();
            for (Object p : list(raw.get("expose"))) {
                result.add(Integer.parseInt(String.valueOf(p).split("/")[0]));
            }
            for (Object p : list(raw.get("ports"))) {
                String spec = String.valueOf(p).split("/")[0];
                result.add(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)));
            }
            return result;
        }

        /** The host ports it publishes ({@code "8080:80"} → 8080). */
        List<Integer> publishedPorts() {
            List<Integer> result = new ArrayList<>();
            for (Object p : list(raw.get("ports"))) {
                String[] parts = String.valueOf(p).split("/")[0].split(":");
                if (parts.length >= 2) {
                    result.add(Integer.parseInt(parts[parts.length - 2]));
                }
            }
            return result;
        }

        /** The healthcheck command as one string, or empty if there is none. */
        Optional<String> healthcheck() {
            return map(raw.get("healthcheck")).map(h -> h.get("test")).map(test -> test instanceof List<?> l
                    ? String.join(" ", l.stream().map(String::valueOf).toList()) : String.valueOf(test));
        }

        /** {@code depends_on}: service → condition ({@code service_started} for the short list form). */
        Map<String, String> dependsOn() {
            Object deps = raw.get("depends_on");
            Map<String, String> result = new LinkedHashMap<>();
            if (deps instanceof List<?> l) {
                l.forEach(d -> result.put(String.valueOf(d), "service_started"));
            } else if (deps instanceof Map<?, ?> m) {
                m.forEach((k, v) -> result.put(String.valueOf(k),
                        map(v).map(c -> String.valueOf(c.getOrDefault("condition", "service_started"))).orElse("service_started")));
            }
            return result;
        }

        /** The {@code command} as one string (a list is joined by newlines). */
        String command() {
            Object c = raw.get("command");
            return c instanceof List<?> l ? String.join("\n", l.stream().map(String::valueOf).toList())
                    : c == null ? "" : String.valueOf(c);
        }

        /** The host side of each bind mount ({@code ./a:/b:ro} → {@code ./a}) with its container path. */
        Map<String, String> bindMounts() {
            Map<String, String> result = new LinkedHashMap<>();
            for (Object v : list(raw.get("volumes"))) {
                String[] parts = String.valueOf(v).split(":");
                if (parts.length >= 2 && (parts[0].startsWith(".") || parts[0].startsWith("/"))) {
                    result.put(parts[0], parts[1]);
                }
            }
            return result;
        }
    }

    static ComposeFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no docker-compose.yml at " + file);
        }
        Object root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Service> services = new LinkedHashMap<>();
        map(map(root).orElseThrow().get("services")).orElseThrow(() -> new IllegalStateException(file + " has no services"))
                .forEach((name, body) -> services.put(String.valueOf(name), new Service(String.valueOf(name),
                        stringKeys(map(body).orElse(Map.of())))));
        return new ComposeFile(file, services);
    }

    Service service(String name) {
        Service s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service " + name + "; it has " + services.keySet());
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<Object, Object>> map(Object o) {
        return o instanceof Map<?, ?> m ? Optional.of((Map<Object, Object>) m) : Optional.empty();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static Map<String, Object> stringKeys(Map<Object, Object> m) {
        Map<String, Object> result = new LinkedHashMap<>();
        m.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }
}

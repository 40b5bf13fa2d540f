package io.sessionstream.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The operations of an OpenAPI 3 spec in YAML, for tests that hold a service's spec against its routes. */
public final class OpenApiSpec {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private OpenApiSpec() {
    }

    /**
     * Every operation under {@code paths} as {@code "METHOD /path/{param}"}, sorted; path-level keys
     * that are not methods ({@code parameters}, {@code summary}, …) are left out.
     */
    public static Set<String> operations(String yaml) {
        Map<String, Object> spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (spec == null || !(spec.get("paths") instanceof Map<?, ?> paths)) {
            throw new IllegalArgumentException("Not an OpenAPI spec with paths: "
                    + yaml.substring(0, Math.min(200, yaml.length())));
        }
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, item) -> ((Map<?, ?>) item).keySet().stream()
                .map(String::valueOf)
                .filter(METHODS::contains)
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return operations;
    }

    /**
     * {@code routes} ({@code "METHOD /path"}) without the HEAD route Micronaut adds beside every GET
     * ({@code @Get(headRoute = true)} by default), which a spec does not list; a HEAD route of its own stays.
     */
    public static Set<String> withoutImplicitHead(Set<String> routes) {
        Set<String> result = new TreeSet<>(routes);
        result.removeIf(r -> r.startsWith("HEAD ") && routes.contains("GET " + r.substring("HEAD ".length())));
        return result;
    }

    /** The elements of {@code a} that {@code b} lacks, sorted. */
    public static Set<String> missing(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}

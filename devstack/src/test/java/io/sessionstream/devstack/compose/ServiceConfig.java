package io.sessionstream.devstack.compose;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The configuration a service module really reads, gathered from what it is built from:
 * <ul>
 *   <li>every key of its {@code src/main/resources/application.yml}, flattened, with its value;</li>
 *   <li>every component of its {@code @ConfigurationProperties} records (prefix + kebab-case name),
 *       with the {@code @Bindable} default — of the module and of the Sessionstream libraries it ships
 *       (session-client for auth-service and app-demo);</li>
 *   <li>every property its annotations name: {@code ${...}} placeholders ({@code @Value},
 *       {@code @Property}, {@code @Topic}, ...) and {@code @Requires(property = ...)};</li>
 *   <li>a few framework properties the yml need not mention: {@code micronaut.server.port},
 *       {@code kafka.bootstrap.servers}, {@code redis.uri}, {@code endpoints.*}, and
 *       {@code datasources.default.*} where the module has a JDBC pool.</li>
 * </ul>
 * The records and annotations are read by reflection from the compiled classes in
 * {@code <module>/target/classes}, not from the sources: the names are then exactly what Micronaut
 * binds (a record component renamed in the source changes them too), and no Java parsing is needed.
 */
final class ServiceConfig {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9._-]+)(?::([^}]*))?}");
    private static final Set<String> FRAMEWORK = Set.of("micronaut.server.port", "kafka.bootstrap.servers", "redis.uri");
    private static final String GROUP = "io.sessionstream";

    private final String module;
    /** Property name → its value in application.yml, else its declared default; null when it has none. */
    private final Map<String, String> defaults = new TreeMap<>();
    private final Set<String> prefixes = new TreeSet<>(Set.of("endpoints."));
    private final List<String> configurationRecords = new ArrayList<>();
    private final Set<String> configurationProperties = new java.util.TreeSet<>();

    private ServiceConfig(String module) {
        this.module = module;
    }

    /** Reads the module {@code module} of the reactor at {@code root}; its classes must be compiled. */
    static ServiceConfig of(Path root, String module) {
        ServiceConfig config = new ServiceConfig(module);
        Pom pom = Pom.read(root.resolve(module).resolve("pom.xml"));
        for (String shipped : shippedModules(root, module)) {
            config.readClasses(root, shipped);
        }
        FRAMEWORK.forEach(p -> config.defaults.putIfAbsent(p, null));
        if (pom.dependencies().stream().anyMatch(d -> d.artifactId().equals("micronaut-jdbc-hikari") && d.atRuntime())) {
            config.prefixes.add("datasources.default.");
        }
        // Last: application.yml overrides the declared defaults.
        config.defaults.putAll(applicationYml(root.resolve(module)));
        return config;
    }

    /** The module and every Sessionstream module on its runtime classpath, transitively. */
    static Set<String> shippedModules(Path root, String module) {
        Set<String> result = new LinkedHashSet<>();
        collect(root, module, result);
        return result;
    }

    private static void collect(Path root, String module, Set<String> result) {
        if (!result.add(module)) {
            return;
        }
        for (Pom.Dependency d : Pom.read(root.resolve(module).resolve("pom.xml")).dependencies()) {
            if (d.groupId() != null && d.groupId().equals(GROUP) && d.atRuntime()) {
                collect(root, d.artifactId(), result);
            }
        }
    }

    String module() {
        return module;
    }

    /** The simple names of the {@code @ConfigurationProperties} types found. */
    List<String> configurationRecords() {
        return List.copyOf(configurationRecords);
    }

    /** The properties of its {@code @ConfigurationProperties} types only (its documented settings). */
    Set<String> configurationProperties() {
        return Set.copyOf(configurationProperties);
    }

    /** Every property name known exactly (framework prefixes aside). */
    Set<String> properties() {
        return defaults.keySet();
    }

    /** Whether the service reads {@code property}. */
    boolean reads(String property) {
        return defaults.containsKey(property) || prefixes.stream().anyMatch(property::startsWith);
    }

    /** The value the service uses when nothing overrides it: application.yml, else the declared default. */
    Optional<String> defaultValue(String property) {
        return Optional.ofNullable(defaults.get(property));
    }

    /** {@code micronaut.server.port} from application.yml. */
    int serverPort() {
        String port = defaults.get("micronaut.server.port");
        if (port == null) {
            throw new IllegalStateException(module + " sets no micronaut.server.port in its application.yml");
        }
        return Integer.parseInt(port);
    }

    // ---- application.yml

    static Map<String, String> applicationYml(Path moduleDir) {
        Path yml = moduleDir.resolve("src/main/resources/application.yml");
        Map<String, String> flat = new LinkedHashMap<>();
        if (!Files.isRegularFile(yml)) {
            return flat;
        }
        try (InputStream in = Files.newInputStream(yml)) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            flatten("", root, flat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (!prefix.isEmpty()) {
            // A list or a scalar is one property (Micronaut binds a list as a whole).
            out.put(prefix, node == null ? null : String.valueOf(node));
        }
    }

    // ---- compiled classes

    private void readClasses(Path root, String shipped) {
        Path classes = root.resolve(shipped).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " is missing: compile the services first "
                    + "(mvn -pl devstack -am ... builds them before this test)");
        }
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString())
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                    // Micronaut's generated bean definitions repeat what the class says.
                    .filter(n -> !n.contains("$Definition") && !n.contains("$Introspection") && !n.contains("$Intercepted"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClassLoader loader = loaderFor(classes);
        for (String name : names) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + name + " of " + shipped
                        + " to read its configuration; is the module on devstack's test classpath?", e);
            }
            readType(type);
        }
    }

    private static ClassLoader loaderFor(Path classes) {
        try {
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, ServiceConfig.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readType(Class<?> type) {
        String prefix = configurationPrefix(type);
        if (prefix != null) {
            configurationRecords.add(type.getSimpleName());
            readConfigurationProperties(type, prefix);
        }
        List<AnnotatedElement> elements = new ArrayList<>();
        elements.add(type);
        for (Executable e : type.getDeclaredConstructors()) {
            elements.add(e);
            elements.addAll(List.of(e.getParameters()));
        }
        for (Method m : type.getDeclaredMethods()) {
            elements.add(m);
            elements.addAll(List.of(m.getParameters()));
        }
        elements.addAll(List.of(type.getDeclaredFields()));
        for (AnnotatedElement element : elements) {
            for (Annotation a : element.getDeclaredAnnotations()) {
                readAnnotation(a);
            }
        }
    }

    /** The full prefix of a {@code @ConfigurationProperties} type (an inner one extends its outer's), or null. */
    private static String configurationPrefix(Class<?> type) {
        ConfigurationProperties cp = type.getDeclaredAnnotation(ConfigurationProperties.class);
        if (cp == null) {
            return null;
        }
        String outerPrefix = type.getEnclosingClass() == null ? null : configurationPrefix(type.getEnclosingClass());
        return outerPrefix == null ? cp.value() : outerPrefix + "." + cp.value();
    }

    private void readConfigurationProperties(Class<?> type, String prefix) {
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                defaults.put(prefix + "." + kebab(components[i].getName()), bindableDefault(type, components, i));
                configurationProperties.add(prefix + "." + kebab(components[i].getName()));
            }
            return;
        }
        // A JavaBean-style configuration: its setters are its properties.
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().startsWith("set") && m.getName().length() > 3 && m.getParameterCount() == 1) {
                String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                defaults.putIfAbsent(prefix + "." + kebab(name), null);
                configurationProperties.add(prefix + "." + kebab(name));
            }
        }
    }

    /** {@code @Bindable(defaultValue)} on the component, its accessor or its canonical constructor parameter. */
    private static String bindableDefault(Class<?> record, RecordComponent[] components, int index) {
        RecordComponent c = components[index];
        List<AnnotatedElement> places = new ArrayList<>(List.of(c, c.getAccessor()));
        Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            places.add(record.getDeclaredConstructor(types).getParameters()[index]);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(record + " has no canonical constructor", e);
        }
        for (AnnotatedElement place : places) {
            Bindable b = place.getAnnotation(Bindable.class);
            if (b != null && !b.defaultValue().isEmpty()) {
                return b.defaultValue();
            }
        }
        return null;
    }

    /** Every property an annotation names, in its own members and in the annotations nested in it. */
    private void readAnnotation(Annotation a) {
        for (Method member : a.annotationType().getDeclaredMethods()) {
            Object value;
            try {
                member.setAccessible(true);
                value = member.invoke(a);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            readMember(a.annotationType().getSimpleName(), member.getName(), value);
        }
    }

    private void readMember(String annotation, String member, Object value) {
        if (value instanceof Annotation nested) {
            readAnnotation(nested);
        } else if (value instanceof Annotation[] nested) {
            for (Annotation n : nested) {
                readAnnotation(n);
            }
        } else if (value instanceof String s) {
            readString(annotation, member, s);
        } else if (value instanceof String[] strings) {
            for (String s : strings) {
                readString(annotation, member, s);
            }
        }
    }

    private void readString(String annotation, String member, String s) {
        Matcher m = PLACEHOLDER.matcher(s);
        while (m.find()) {
            defaults.putIfAbsent(m.group(1), m.group(2));
        }
        if (annotation.equals("Requires") && member.equals("property") && !s.isEmpty()) {
            defaults.putIfAbsent(s, null);
        }
    }

    /** Micronaut's property name of a Java name: {@code authServiceUrl} → {@code auth-service-url}. */
    static String kebab(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}

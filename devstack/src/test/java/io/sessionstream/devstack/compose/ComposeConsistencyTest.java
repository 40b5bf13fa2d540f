package io.sessionstream.devstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sessionstream.devstack.Stack;
import io.sessionstream.devstack.compose.ComposeFile.Service;
import io.sessionstream.devstack.compose.NginxConfig.HostPort;
import io.sessionstream.devstack.compose.TopicInit.CreatedTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so {@code docker-compose.yml} is never started by the build. This test
 * holds it to the services' real configuration instead: what their {@code application.yml},
 * {@code @ConfigurationProperties} records and annotations read ({@link ServiceConfig}), their ports,
 * their topics, their Dockerfiles and the gateway's {@code nginx.conf}. A Sessionstream service is a
 * compose service built from {@code <module>/Dockerfile} of a reactor module.
 *
 * <p>It lives in devstack because devstack already has every service module on its test classpath
 * (to build their jars first) and owns {@link Stack#PARTITIONS}, the partition count the topics
 * must have.
 */
class ComposeConsistencyTest {

    /** Variables a container's JVM reads itself; Micronaut maps them to no property of ours. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.-])([a-zA-Z][\\w.-]*):(\\d{2,5})(?!\\d)");
    private static final Pattern HEALTH_URL = Pattern.compile("https?://[^/\\s:]+:(\\d+)/health");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final String EVENTS = "events-topic";
    private static final String ACTIVITY = "activity-topic";
    private static final String SMTP_HOST = "javamail.properties.mail.smtp.host";
    private static final String SMTP_PORT = "javamail.properties.mail.smtp.port";

    private static Path root;
    private static Pom rootPom;
    private static ComposeFile compose;
    /** Compose service name → the module it is built from, for Sessionstream services only. */
    private static final Map<String, String> modules = new LinkedHashMap<>();
    private static final Map<String, ServiceConfig> configs = new HashMap<>();

    @BeforeAll
    static void readEverything() {
        root = repositoryRoot();
        rootPom = Pom.read(root.resolve("pom.xml"));
        compose = ComposeFile.read(root.resolve("docker-compose.yml"));
        for (Service s : compose.services().values()) {
            s.dockerfile().ifPresent(dockerfile -> {
                Path module = Path.of(dockerfile).getParent();
                if (module != null && rootPom.modules().contains(module.toString())) {
                    modules.put(s.name(), module.toString());
                }
            });
        }
        for (String module : new LinkedHashSet<>(modules.values())) {
            configs.put(module, ServiceConfig.of(root, module));
        }
    }

    // ---- environment variables

    @Test
    void composeFile_runsEveryServiceModule_andThreeAppInstances() {
        assertThat(new TreeSet<>(modules.values()))
                .as("modules built and run by docker-compose.yml")
                .containsExactlyInAnyOrder("auth-service", "session-projector", "app-demo");
        assertThat(servicesOf("app-demo")).as("app-demo instances").hasSize(3);
    }

    @Test
    void configurationScan_findsTheConfigurationRecordsOfEveryService() {
        // Guards the scan itself: were it to find nothing (annotations not visible by reflection,
        // classes not compiled), every variable check below would be meaningless.
        for (ServiceConfig config : configs.values()) {
            assertThat(config.configurationRecords()).as("@ConfigurationProperties types of %s", config.module()).isNotEmpty();
        }
        assertThat(configs.get("auth-service").configurationRecords())
                .as("auth-service ships session-client, so it reads session-client's settings too")
                .contains("SessionConfiguration", "SessionClientConfiguration");
        assertThat(configs.get("session-projector").defaultValue("sessionstream.projector.events-topic"))
                .as("a record component's @Bindable default").contains("session.events");
    }

    @Test
    void everyEnvironmentVariable_ofASessionstreamService_mapsToAPropertyTheServiceReads() {
        List<String> unknown = new ArrayList<>();
        modules.forEach((service, module) -> {
            ServiceConfig config = configs.get(module);
            for (String variable : compose.service(service).environment().keySet()) {
                if (!JVM_VARIABLES.contains(variable) && propertyOf(config, variable).isEmpty()) {
                    unknown.add(service + ": " + variable + " maps to no property " + module + " reads"
                            + closest(config, variable).map(p -> " (closest: " + p + ")").orElse(""));
                }
            }
        });
        assertThat(unknown).as("environment variables in docker-compose.yml that no service reads — a typo, or a "
                + "setting that was renamed or removed").isEmpty();
    }

    @Test
    void environmentVariableRule_isMicronauts() {
        assertThat(EnvironmentVariables.propertyCandidates("SESSIONSTREAM_DEMO_AUTH_SERVICE_URL"))
                .hasSize(16).contains("sessionstream.demo.auth-service-url", "sessionstream.demo.auth.service.url");
        ServiceConfig demo = configs.get("app-demo");
        assertThat(propertyOf(demo, "SESSIONSTREAM_DEMO_INSTANCE_ID")).contains("sessionstream.demo.instance-id");
        assertThat(propertyOf(demo, "SESSIONSTREAM_DEMO_INSTANCE_NAME")).isEmpty();
        assertThat(propertyOf(configs.get("auth-service"), "DATASOURCES_DEFAULT_URL")).contains("datasources.default.url");
        assertThat(propertyOf(configs.get("session-projector"), "DATASOURCES_DEFAULT_URL"))
                .as("the projector has no database").isEmpty();
    }

    @Test
    void appInstances_reportDistinctInstanceIds() {
        Map<String, String> ids = new TreeMap<>();
        for (String app : servicesOf("app-demo")) {
            ids.put(app, effective(app, "sessionstream.demo.instance-id").orElse(null));
        }
        assertThat(new LinkedHashSet<>(ids.values())).as("sessionstream.demo.instance-id of %s", ids).hasSize(ids.size());
    }

    // ---- ports and health

    @Test
    void containerPort_ofEverySessionstreamService_isItsServerPort() {
        modules.forEach((service, module) -> {
            int port = serverPort(service);
            assertThat(compose.service(service).containerPorts())
                    .as("%s: the container ports in expose/ports must be its micronaut.server.port %d", service, port)
                    .isNotEmpty().containsOnly(port);
            assertThat(dockerfile(service).exposedPorts())
                    .as("%s: EXPOSE in %s", service, compose.service(service).dockerfile().orElseThrow()).containsExactly(port);
        });
    }

    @Test
    void everyLongRunningService_hasAHealthcheck_andSessionstreamOnesAskTheirOwnPort() {
        for (Service s : compose.services().values()) {
            if (isOneShot(s)) {
                continue;
            }
            assertThat(s.healthcheck()).as("healthcheck of %s", s.name()).isPresent();
        }
        modules.keySet().forEach(service -> {
            String test = compose.service(service).healthcheck().orElseThrow();
            Matcher m = HEALTH_URL.matcher(test);
            assertThat(m.find()).as("%s: healthcheck '%s' asks no /health URL", service, test).isTrue();
            do {
                assertThat(Integer.parseInt(m.group(1)))
                        .as("%s: healthcheck '%s' must ask its own port", service, test).isEqualTo(serverPort(service));
            } while (m.find());
        });
    }

    @Test
    void dependsOn_waitsForHealthyServices_andForTheTopicInitToComplete() {
        for (Service s : compose.services().values()) {
            s.dependsOn().forEach((dependency, condition) -> {
                Service target = compose.service(dependency);
                String expected = isOneShot(target) ? "service_completed_successfully" : "service_healthy";
                assertThat(condition).as("%s depends on %s", s.name(), dependency).isEqualTo(expected);
            });
        }
        String init = topicInitService().name();
        modules.keySet().forEach(service -> assertThat(compose.service(service).dependsOn())
                .as("%s must start after the topics exist", service).containsKey(init));
    }

    @Test
    void addressesInEnvironment_nameComposeServices_atThePortsTheyListenOn() {
        List<String> wrong = new ArrayList<>();
        for (Service s : compose.services().values()) {
            s.environment().forEach((variable, value) -> {
                if (!modules.containsKey(s.name())) {
                    return;
                }
                Matcher m = HOST_PORT.matcher(value);
                while (m.find()) {
                    String host = m.group(1);
                    int port = Integer.parseInt(m.group(2));
                    if (host.equals("localhost") && publishedAnywhere(port)) {
                        continue; // a URL for the browser on the Docker host (the mailed links), not for the network
                    }
                    if (!compose.services().containsKey(host)) {
                        wrong.add(s.name() + ": " + variable + "=" + value + " names " + host + ", which is no compose service");
                        continue;
                    }
                    Set<Integer> listening = listeningPorts(compose.service(host));
                    if (!listening.isEmpty() && !listening.contains(port)) {
                        wrong.add(s.name() + ": " + variable + "=" + value + " uses port " + port + " of " + host
                                + ", which listens on " + listening);
                    }
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void authServiceMail_goesToAComposeMailServer_atItsSmtpPort_andItsLinksOpenTheGateway() {
        String gatewayOrigin = "http://localhost:" + gatewayService().publishedPorts().get(0);
        for (String auth : servicesOf("auth-service")) {
            String host = effective(auth, SMTP_HOST).orElseThrow();
            assertThat(compose.services()).as("%s: %s=%s must name a compose service", auth, SMTP_HOST, host).containsKey(host);
            Service mail = compose.service(host);
            assertThat(listeningPorts(mail)).as("%s: %s of %s", auth, SMTP_PORT, host)
                    .contains(Integer.parseInt(effective(auth, SMTP_PORT).orElseThrow()));
            assertThat(compose.service(auth).dependsOn()).as("%s must wait for its mail server", auth)
                    .containsEntry(host, "service_healthy");
            assertThat(effective(auth, "sessionstream.auth.mail.link-base-url")).as("%s: where the mailed links lead", auth)
                    .contains(gatewayOrigin);
        }
    }

    // ---- gateway

    @Test
    void gateway_routesAuthAndUsersToAuthService_andEverythingElseToEveryAppInstance() {
        NginxConfig nginx = gatewayConfig();
        Set<String> authServices = Set.copyOf(servicesOf("auth-service"));
        Set<String> apps = Set.copyOf(servicesOf("app-demo"));
        for (String uri : List.of("/api/auth/login", "/api/auth/sessions/abc", "/api/auth/password-reset", "/api/users",
                "/api/users/123")) {
            assertThat(hosts(nginx.serversFor(uri))).as("gateway upstream of %s (%s)", uri, nginx.file()).isEqualTo(authServices);
        }
        for (String uri : List.of("/", "/index.html", "/app.js", "/api/me", "/api/ping", "/health")) {
            assertThat(hosts(nginx.serversFor(uri))).as("gateway upstream of %s (%s)", uri, nginx.file()).isEqualTo(apps);
        }
    }

    @Test
    void gateway_upstreams_useEachServicesPort_andTheGatewayWaitsForThemHealthy() {
        NginxConfig nginx = gatewayConfig();
        Service gateway = gatewayService();
        nginx.upstreams().forEach((name, servers) -> {
            assertThat(servers).as("upstream %s", name).isNotEmpty();
            for (HostPort server : servers) {
                assertThat(modules).as("upstream %s: %s is no Sessionstream compose service", name, server).containsKey(server.host());
                assertThat(server.port()).as("upstream %s: port of %s", name, server.host()).isEqualTo(serverPort(server.host()));
                assertThat(gateway.dependsOn()).as("the gateway must wait for %s", server.host())
                        .containsEntry(server.host(), "service_healthy");
            }
        });
        assertThat(gateway.containerPorts()).as("the gateway publishes the port nginx listens on")
                .isNotEmpty().containsOnly(nginx.listenPorts().toArray(Integer[]::new));
        assertThat(gateway.publishedPorts()).as("the gateway is the one published origin").isNotEmpty();
        modules.keySet().forEach(service -> assertThat(compose.service(service).publishedPorts())
                .as("%s is reached through the gateway, not published itself", service).isEmpty());
    }

    @Test
    void builtServices_eachHaveTheirOwnImageTag_orNone() {
        // Several services building one tag at once fail on the containerd image store ("already exists").
        Map<String, String> builtBy = new HashMap<>();
        compose.services().values().stream().filter(s -> s.dockerfile().isPresent()).forEach(s -> s.image().ifPresent(
                image -> assertThat(builtBy.putIfAbsent(image, s.name()))
                        .as("%s builds the image tag %s, which %s builds too", s.name(), image, builtBy.get(image))
                        .isNull()));
    }

    @Test
    void postgresHealthcheck_asksOverTcp_notTheSocketTheInitServerAlsoAnswers() {
        compose.services().values().stream().filter(s -> s.image().orElse("").startsWith("postgres:")).forEach(s ->
                assertThat(s.healthcheck().orElse("")).as("%s: healthcheck", s.name())
                        .contains("pg_isready").containsPattern("-h (127\\.0\\.0\\.1|localhost)"));
    }

    @Test
    void gateway_waitsForEverySessionstreamService_healthy_theProjectorIncluded() {
        Service gateway = gatewayService();
        modules.keySet().forEach(service -> assertThat(gateway.dependsOn())
                .as("without a healthy %s, requests through a healthy gateway would fail", service)
                .containsEntry(service, "service_healthy"));
    }

    @Test
    void sessionstreamServices_restartOnFailure() {
        modules.keySet().forEach(service -> assertThat(compose.service(service).raw().get("restart"))
                .as("%s: a crash at start or an OOM kill must not be permanent", service).isEqualTo("on-failure"));
    }

    // ---- topics

    @Test
    void topicInit_createsExactlyTheTopicsTheServicesUse_withTheDevstackPartitions() {
        List<CreatedTopic> created = createdTopics();
        Map<String, Set<String>> used = new TreeMap<>();
        modules.keySet().forEach(service -> topicProperties(service).forEach((property, topic) ->
                used.computeIfAbsent(topic, t -> new TreeSet<>()).add(service + " " + property)));

        Set<String> createdNames = created.stream().map(CreatedTopic::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(createdNames)
                .as("topics created by %s; the services use %s", topicInitService().name(), used)
                .isEqualTo(used.keySet());
        for (CreatedTopic t : created) {
            assertThat(t.partitions()).as("partitions of %s (devstack's Stack.PARTITIONS)", t.name()).isEqualTo(Stack.PARTITIONS);
        }
    }

    @Test
    void topicNames_agreeBetweenEveryServiceThatUsesTheSameTopic() {
        Map<String, Map<String, String>> byRole = new TreeMap<>();
        modules.keySet().forEach(service -> topicProperties(service).forEach((property, topic) ->
                byRole.computeIfAbsent(role(property), r -> new TreeMap<>()).put(service + " " + property, topic)));
        byRole.forEach((role, values) -> assertThat(new TreeSet<>(values.values()))
                .as("every service's %s must be the same topic: %s", role, values).hasSize(1));
        assertThat(byRole).containsKeys(EVENTS, "invalidations-topic", ACTIVITY, "dead-letter-topic");
    }

    @Test
    void topicRetention_keepsWhatTheRebuildReplays() {
        String auth = servicesOf("auth-service").get(0);
        Duration lifetime = duration(effective(auth, "sessionstream.auth.absolute-lifetime").orElseThrow());
        Duration idle = duration(effective(auth, "sessionstream.auth.idle-timeout").orElseThrow());
        Map<String, CreatedTopic> created = createdTopics().stream()
                .collect(Collectors.toMap(CreatedTopic::name, t -> t));

        CreatedTopic events = created.get(topicOfRole(EVENTS));
        assertThat(retention(events)).as("retention of %s: the rebuild replays it, so it must outlast the absolute "
                + "session lifetime %s by at least a day", events.name(), lifetime)
                .isGreaterThanOrEqualTo(lifetime.plusDays(1));
        CreatedTopic activity = created.get(topicOfRole(ACTIVITY));
        assertThat(retention(activity)).as("retention of %s: the rebuild reads each session's latest touch, so it must "
                + "outlast the idle timeout %s", activity.name(), idle)
                .isGreaterThan(idle);
    }

    // ---- Dockerfiles

    @Test
    void dockerfiles_buildTheirModule_andRunItsShadedJar_asANonRootUser() {
        modules.forEach((service, module) -> {
            Service s = compose.service(service);
            assertThat(s.buildContext()).as("%s: build context (the Dockerfiles build the reactor)", service).contains(".");
            Path file = root.resolve(s.dockerfile().orElseThrow());
            assertThat(file).as("%s: Dockerfile", service).isRegularFile();
            Dockerfile dockerfile = Dockerfile.read(file);
            assertThat(dockerfile.mavenModule()).as("%s: the module its mvn -pl builds", file).contains(module);

            Pom pom = Pom.read(root.resolve(module).resolve("pom.xml"));
            assertThat(pom.plugins()).as("%s builds a shaded jar", module).contains("maven-shade-plugin");
            assertThat(pom.property("exec.mainClass")).as("%s names its main class", module).isNotBlank();
            String jar = module + "/target/" + pom.artifactId() + "-" + pom.version() + "-"
                    + rootPom.firstAnywhere("shadedClassifierName") + ".jar";
            assertThat(Stack.serviceJar(Path.of(""), module).toString().replace('\\', '/'))
                    .as("the jar devstack runs").isEqualTo(jar);
            List<Dockerfile.CopyFromStage> copies = dockerfile.copiesFromStages().stream()
                    .filter(c -> c.source().endsWith(".jar")).toList();
            assertThat(copies).as("%s: COPY --from of the jar", file).hasSize(1);
            assertThat(copies.get(0).source()).as("%s: the jar it copies", file).endsWith("/" + jar);
            assertThat(dockerfile.entrypoint()).as("%s: ENTRYPOINT", file).hasValueSatisfying(e ->
                    assertThat(e).contains("-jar").contains(copies.get(0).target()));
            assertThat(dockerfile.user()).as("%s: USER", file).hasValueSatisfying(u ->
                    assertThat(u).isNotIn("root", "0", "0:0"));
        });
        assertThat(root.resolve(".dockerignore")).as("a .dockerignore keeps target/ out of the build context").isRegularFile();
    }

    // ---- helpers

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml next to a pom.xml above " + Path.of("").toAbsolutePath());
    }

    /** The property the variable sets in {@code config}, if the service reads one. */
    private static Optional<String> propertyOf(ServiceConfig config, String variable) {
        return EnvironmentVariables.propertyCandidates(variable).stream().filter(config::reads).findFirst();
    }

    /** The property the service reads that is nearest to one the variable could mean, as a hint. */
    private static Optional<String> closest(ServiceConfig config, String variable) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : EnvironmentVariables.propertyCandidates(variable)) {
            for (String property : config.properties()) {
                int d = distance(candidate, property);
                if (d < bestDistance) {
                    best = property;
                    bestDistance = d;
                }
            }
        }
        return bestDistance <= Math.max(3, variable.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The value {@code service} uses for {@code property}: its environment, else its default. */
    private static Optional<String> effective(String service, String property) {
        ServiceConfig config = configs.get(modules.get(service));
        for (Map.Entry<String, String> e : compose.service(service).environment().entrySet()) {
            if (EnvironmentVariables.propertyCandidates(e.getKey()).contains(property)) {
                return Optional.of(e.getValue());
            }
        }
        return config.defaultValue(property);
    }

    private static int serverPort(String service) {
        return effective(service, "micronaut.server.port").map(Integer::parseInt)
                .orElseGet(() -> configs.get(modules.get(service)).serverPort());
    }

    /** Every {@code *-topic} property the service reads, with the topic it uses. */
    private static Map<String, String> topicProperties(String service) {
        Map<String, String> result = new TreeMap<>();
        for (String property : configs.get(modules.get(service)).properties()) {
            if (property.startsWith("sessionstream.") && property.endsWith("-topic")) {
                result.put(property, effective(service, property)
                        .orElseThrow(() -> new AssertionError(service + ": " + property + " has no value and no default")));
            }
        }
        return result;
    }

    private static String role(String topicProperty) {
        return topicProperty.substring(topicProperty.lastIndexOf('.') + 1);
    }

    private static String topicOfRole(String role) {
        return modules.keySet().stream().flatMap(s -> topicProperties(s).entrySet().stream())
                .filter(e -> role(e.getKey()).equals(role)).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no service reads a " + role));
    }

    private static List<String> servicesOf(String module) {
        return modules.entrySet().stream().filter(e -> e.getValue().equals(module)).map(Map.Entry::getKey).toList();
    }

    private static Dockerfile dockerfile(String service) {
        return Dockerfile.read(root.resolve(compose.service(service).dockerfile().orElseThrow()));
    }

    private static boolean isOneShot(Service s) {
        return TopicInit.createsTopics(s.command());
    }

    private static Service topicInitService() {
        List<Service> inits = compose.services().values().stream().filter(ComposeConsistencyTest::isOneShot).toList();
        assertThat(inits).as("one service that creates the topics with kafka-topics.sh --create").hasSize(1);
        return inits.get(0);
    }

    private static List<CreatedTopic> createdTopics() {
        return TopicInit.parse(topicInitService().command());
    }

    private static Service gatewayService() {
        List<Service> gateways = compose.services().values().stream()
                .filter(s -> s.bindMounts().containsValue("/etc/nginx/nginx.conf")).toList();
        assertThat(gateways).as("one service that mounts an nginx.conf").hasSize(1);
        return gateways.get(0);
    }

    private static NginxConfig gatewayConfig() {
        Service gateway = gatewayService();
        String hostPath = gateway.bindMounts().entrySet().stream()
                .filter(e -> e.getValue().equals("/etc/nginx/nginx.conf")).findFirst().orElseThrow().getKey();
        Path file = root.resolve(hostPath).normalize();
        assertThat(file).as("the gateway's config mounted by %s", gateway.name()).isRegularFile();
        return NginxConfig.read(file);
    }

    private static Set<String> hosts(List<HostPort> servers) {
        return servers.stream().map(HostPort::host).collect(Collectors.toSet());
    }

    /** The ports a compose service listens on inside the network, where known; empty if unknown. */
    private static Set<Integer> listeningPorts(Service s) {
        if (modules.containsKey(s.name())) {
            return Set.of(serverPort(s.name()));
        }
        String image = s.image().orElse("");
        if (image.startsWith("redis:")) {
            return Set.of(6379);
        }
        if (image.startsWith("postgres:")) {
            return Set.of(5432);
        }
        if (image.startsWith("axllent/mailpit:")) {
            return Set.of(1025, 8025);
        }
        if (image.startsWith("apache/kafka:")) {
            Set<Integer> ports = new TreeSet<>();
            Matcher m = Pattern.compile(":(\\d+)").matcher(s.environment().getOrDefault("KAFKA_ADVERTISED_LISTENERS", ""));
            while (m.find()) {
                ports.add(Integer.parseInt(m.group(1)));
            }
            return ports;
        }
        return Set.of();
    }

    private static boolean publishedAnywhere(int port) {
        return compose.services().values().stream().anyMatch(s -> s.publishedPorts().contains(port));
    }

    /** {@code retention.ms}; -1 (keep forever) as a very long time. */
    private static Duration retention(CreatedTopic topic) {
        String ms = topic.configs().get("retention.ms");
        if (ms == null) {
            fail("%s is created without retention.ms; set it explicitly (the broker default is 7 days)", topic.name());
        }
        long value = Long.parseLong(ms);
        return value < 0 ? Duration.ofDays(365L * 1000) : Duration.ofMillis(value);
    }

    /** A Micronaut duration: {@code 7d}, {@code 24h}, {@code 30m}, {@code 5s}, {@code 500ms} or ISO-8601. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Duration.parse(text.trim());
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}

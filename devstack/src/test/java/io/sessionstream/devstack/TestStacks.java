package io.sessionstream.devstack;

import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Stacks for whole-system tests: the test servers, isolated by database, key prefix, topics and group. */
public final class TestStacks {

    private TestStacks() {
    }

    public static Stack start(String name, int apps, Map<String, String> overrides) {
        return start(name, apps, overrides, List.of());
    }

    /** Like {@link #start(String, int, Map)}, with applications of one's own beside app-demo. */
    public static Stack start(String name, int apps, Map<String, String> overrides, List<ClientApp> clientApps) {
        return Stack.start(settings(name, apps, overrides, clientApps).kafka(TestKafka.bootstrapServers()).build(),
                System.out);
    }

    /** Like {@link #start(String, int, Map)}, on an embedded broker of its own (a free port), for a test to stop. */
    public static Stack startOnItsOwnBroker(String name, int apps, Map<String, String> overrides) {
        return Stack.start(settings(name, apps, overrides, List.of()).build(), System.out);
    }

    private static StackSettings.Builder settings(String name, int apps, Map<String, String> overrides,
                                                  List<ClientApp> clientApps) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<Integer> appPorts = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            appPorts.add(Ports.free());
        }
        return StackSettings.builder(Path.of("..").toAbsolutePath().normalize(),
                        Path.of("target", name + "-" + suffix).toAbsolutePath())
                .redis(TestRedis.uri()).redisPrefix(TestRedis.uniquePrefix())
                .database(TestPostgres.newDatabase())
                .topics(SessionTopics.unique())
                .projectorGroup("projector-" + suffix)
                .authPort(Ports.free()).projectorPort(Ports.free()).appPorts(appPorts)
                .overrides(withTestLimits(overrides))
                .appJvmOptions(APP_JVM_OPTIONS)
                .serviceJvmOptions(SERVICE_JVM_OPTIONS)
                .classDataSharing(CLASS_DATA)
                .clientApps(clientApps);
    }

    /**
     * {@code instances} of the example app {@code examples/orders-app} (its runnable jar, as the reactor builds it),
     * each on a free port, with {@code overrides} over what the stack gives every app.
     */
    public static ClientApp ordersApp(int instances, Map<String, String> overrides) {
        Path jar = Path.of("..").toAbsolutePath().normalize()
                .resolve("examples/orders-app/target/orders-app-" + ORDERS_APP_VERSION + "-all.jar");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            ports.add(Ports.free());
        }
        return new ClientApp("orders-app", jar, ports, overrides);
    }

    /** The example's own version (it is a new team's app: it does not share the project's version). */
    private static final String ORDERS_APP_VERSION = "1.0.0-SNAPSHOT";

    /**
     * For the app-demo instances of a test stack: C1 only. Most of a JVM's start-up CPU is C2 compiling, three to five
     * instances start at once on two cores, and a test's few hundred requests never profit from C2.
     */
    public static final List<String> APP_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    /**
     * For the auth-service and session-projector processes of a test stack: C1 only too, for the same reason (a test
     * stack's requests are few, and its hash cost is the tests' low one). Measured on three whole-system classes: 26 %
     * less wall time and 30 % less CPU than with C2.
     */
    public static final List<String> SERVICE_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    /**
     * Where every test stack keeps its services' class-data archives ({@link StackSettings#classDataArchive}), as
     * {@code ./run} does: the first stack of a build writes them when it stops, and the stacks after it start each
     * service from them (class loading is most of a service's start, and a suite starts about thirty of them).
     */
    public static final Path CLASS_DATA = Path.of("target", "cds").toAbsolutePath();

    /**
     * The overrides, plus registration and reset limits that a test's many users from 127.0.0.1 stay within, and the
     * tests' hash cost ({@link TestProperties#TEST_HASHING}).
     */
    public static Map<String, String> withTestLimits(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(TestProperties.MANY_FROM_ONE_ADDRESS);
        all.putAll(TestProperties.TEST_HASHING);
        all.putAll(overrides);
        return all;
    }
}

package io.sessionstream.devstack;

import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Stacks for whole-system tests: the test servers, isolated by database, key prefix, topics and group. */
final class TestStacks {

    private TestStacks() {
    }

    static Stack start(String name, int apps, Map<String, String> overrides) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<Integer> appPorts = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            appPorts.add(Ports.free());
        }
        StackSettings settings = new StackSettings(Path.of("..").toAbsolutePath().normalize(),
                Path.of("target", name + "-" + suffix).toAbsolutePath(), TestKafka.bootstrapServers(), 0,
                TestRedis.uri(), TestPostgres.newDatabase(), TestRedis.uniquePrefix(), SessionTopics.unique(),
                "projector-" + suffix, Ports.free(), Ports.free(), appPorts, overrides);
        return Stack.start(settings, System.out);
    }
}

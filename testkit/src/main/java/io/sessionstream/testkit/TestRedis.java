package io.sessionstream.testkit;

import java.net.URI;
import java.util.UUID;
import org.testcontainers.containers.GenericContainer;

/**
 * Redis for tests, in the order of ARCHITECTURE §7: {@code REDIS_URI} if set,
 * {@code localhost:6379} if it answers, Testcontainers when Docker answers, else a clear
 * error. Tests isolate themselves with {@link #uniquePrefix()}.
 */
public final class TestRedis {

    private static String uri;

    private TestRedis() {
    }

    /** The {@code redis://} URI of the test Redis. */
    public static synchronized String uri() {
        if (uri == null) {
            uri = discover();
        }
        return uri;
    }

    /** A key prefix no other test uses, e.g. {@code t3f9a01bc:}. */
    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private static String discover() {
        String env = System.getenv("REDIS_URI");
        if (env != null && !env.isBlank()) {
            URI parsed = URI.create(env);
            if (!Ports.answers(parsed.getHost(), parsed.getPort() < 0 ? 6379 : parsed.getPort())) {
                throw new IllegalStateException("Redis not reachable at REDIS_URI=" + env);
            }
            return env;
        }
        if (Ports.answers("127.0.0.1", 6379)) {
            return "redis://127.0.0.1:6379";
        }
        if (Docker.available()) {
            GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
        }
        throw new IllegalStateException("Redis not reachable at localhost:6379 — start it "
                + "(redis-server --daemonize yes --port 6379 --save '' --appendonly no), or set REDIS_URI");
    }
}

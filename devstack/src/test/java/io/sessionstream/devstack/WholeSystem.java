package io.sessionstream.devstack;

import io.sessionstream.testkit.TcpProxy;
import io.sessionstream.testkit.TestRedis;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The default whole system, started once for the test classes that need nothing else ({@link WholeSystemIT},
 * {@link LifecycleSystemIT}): auth-service, session-projector, three app-demo instances and two instances of the
 * example app {@code examples/orders-app}, whose only way to Redis is a link the tests can make hang. Starting a
 * stack is the largest part of such a class, and each test makes its own users, so they can share one.
 *
 * <p>A class gets it as a parameter of its {@code @BeforeAll} method, with {@code @ExtendWith(WholeSystem.Resolver.class)}.
 * It lives in JUnit's root store, which closes it when the test plan ends.
 */
final class WholeSystem implements ExtensionContext.Store.CloseableResource {

    private final TcpProxy ordersRedis;
    private final Stack stack;

    private WholeSystem() {
        URI redis = URI.create(TestRedis.uri());
        ordersRedis = TcpProxy.to(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
        try {
            stack = TestStacks.start("whole-system", 3, Map.of(), List.of(
                    TestStacks.ordersApp(2, Map.of("redis.uri", through(redis, ordersRedis)))));
        } catch (RuntimeException e) {
            ordersRedis.close();
            throw e;
        }
    }

    Stack stack() {
        return stack;
    }

    /** The orders-app instances' link to Redis. */
    TcpProxy ordersRedis() {
        return ordersRedis;
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            ordersRedis.close();
        }
    }

    private static String through(URI redis, TcpProxy proxy) {
        try {
            return new URI(redis.getScheme(), redis.getUserInfo(), "127.0.0.1", proxy.port(), redis.getPath(),
                    redis.getQuery(), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Gives a test class the one {@link WholeSystem}, starting it for the first class that asks. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == WholeSystem.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(WholeSystem.class, key -> new WholeSystem(), WholeSystem.class);
        }
    }
}

package io.sessionstream.client;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.env.PropertySource;
import java.util.Map;

/**
 * The settings every application with session-client gets unless it sets them itself: the safe ones, so that an
 * application that sets only the Kafka and Redis addresses is not open where it never chose to be.
 *
 * <ul>
 *   <li>{@code endpoints.all.enabled=false}, {@code endpoints.health.enabled=true}: micronaut-management (which the
 *       library needs for its readiness indicators) would otherwise add {@code /beans}, {@code /routes},
 *       {@code /env}, {@code /info}, {@code /loggers}, {@code /refresh}… to every application; health stays, as
 *       the readiness a load balancer asks. An application enables any other endpoint by name
 *       ({@code endpoints.info.enabled=true}).</li>
 *   <li>{@code endpoints.health.details-visible=NEVER}: UP or DOWN for anyone, the details (components, topics,
 *       the near cache's trust) only where an operator turns them on.</li>
 *   <li>{@code micronaut.security.basic-auth.enabled=false} and
 *       {@code micronaut.security.endpoints.introspection.enabled=false}: sessions are the authentication; no
 *       {@code WWW-Authenticate: Basic} challenge and no {@code /token_info}.</li>
 * </ul>
 *
 * <p>Contributed as a {@link PropertySource} of order {@value #ORDER}, below every source an application has
 * ({@code application.yml} is -300, environment variables -200, system properties -100): the application's own
 * value always wins. Registered as a service ({@code META-INF/services}), so every context the application builds
 * ({@code Micronaut.run}, {@code ApplicationContext.run}, {@code @MicronautTest}) has it.
 */
public final class LibraryDefaults implements ApplicationContextConfigurer {

    /** The name of the property source, as {@code Environment#getPropertySources()} lists it. */
    public static final String NAME = "sessionstream-client-defaults";
    /** Below every property source of the application. */
    static final int ORDER = -1000;

    /** The defaults, by property name. */
    static final Map<String, Object> PROPERTIES = Map.of(
            "endpoints.all.enabled", false,
            "endpoints.health.enabled", true,
            "endpoints.health.details-visible", "NEVER",
            "micronaut.security.basic-auth.enabled", false,
            "micronaut.security.endpoints.introspection.enabled", false);

    @Override
    public void configure(ApplicationContextBuilder builder) {
        builder.propertySources(PropertySource.of(NAME, PROPERTIES, ORDER));
    }
}

package io.sessionstream.demo;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Runs one app-demo instance. */
@OpenAPIDefinition(info = @Info(title = "app-demo", version = "0.1.0",
        description = "One app instance on session-client: its own routes, each session checked from the near cache. "
                + "`/api/auth/**` and `/api/users/**` are proxied unchanged to the auth-service and described by "
                + "its spec (`/swagger/auth-service.yml` on the auth-service); if it does not answer, they are 502 "
                + "`auth_service_unavailable` with `Retry-After`."))
@SecurityScheme(name = AppDemoApplication.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The `token` of the auth-service's login answer, as `Authorization: Bearer <token>`")
@SecurityScheme(name = AppDemoApplication.COOKIE, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
        paramName = "__Host-ss_session", description = "The HttpOnly cookie the login sets (`ss_session` over plain http)")
public final class AppDemoApplication {

    /** The security schemes of the generated OpenAPI spec. */
    static final String BEARER = "bearer";
    static final String COOKIE = "cookie";

    private AppDemoApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(AppDemoApplication.class, args);
    }
}

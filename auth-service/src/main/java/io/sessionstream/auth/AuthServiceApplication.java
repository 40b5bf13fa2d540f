package io.sessionstream.auth;

import io.micronaut.runtime.Micronaut;
import io.sessionstream.auth.admin.AdminCommand;
import io.sessionstream.auth.web.ApiDoc;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.Arrays;

/**
 * Runs the auth-service, or with a command ({@code sessions}, {@code revoke}, {@code revoke-all}, {@code lag},
 * {@code help}), the {@linkplain AdminCommand admin command}. Arguments starting with {@code -}
 * ({@code --datasources.default.url=...}) are configuration, as for any Micronaut application.
 */
@OpenAPIDefinition(info = @Info(title = "auth-service", version = "0.1.0",
        description = "Users, passwords and sessions of Sessionstream. Every change is committed with its event "
                + "(outbox) and answered once Redis and every app instance show it. Every answer carries "
                + "`Cache-Control: no-store`; errors are `{error, message}` with a stable `error` code."))
@SecurityScheme(name = ApiDoc.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The `token` of the login answer, as `Authorization: Bearer <token>`")
@SecurityScheme(name = ApiDoc.COOKIE, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
        paramName = "__Host-ss_session",
        description = "The HttpOnly cookie login sets (`ss_session` when `cookie-secure` is false); "
                + "a state-changing request with it must carry `Origin` or `Referer`")
public final class AuthServiceApplication {

    private AuthServiceApplication() {
    }

    public static void main(String[] args) {
        if (Arrays.stream(args).allMatch(a -> a.startsWith("-"))) {
            Micronaut.run(AuthServiceApplication.class, args);
            return;
        }
        useCommandLogging();
        System.exit(AdminCommand.run(args, System.out, System.err));
    }

    /**
     * Sends a command's log lines to standard error, warnings and errors only ({@code logback-admin.xml}), so that
     * standard output is the command's answer — unless a logback configuration was chosen. Runs before anything
     * creates a logger (a class with a static logger, such as AdminCommand, must not be loaded earlier).
     */
    private static void useCommandLogging() {
        if (System.getProperty("logback.configurationFile") == null && System.getProperty("logger.config") == null) {
            System.setProperty("logback.configurationFile", "logback-admin.xml");
        }
    }
}

package io.sessionstream.demo;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /api/ping}: the same kind of tiny JSON answer as {@code /api/me}, without any
 * session lookup. The benchmarks' "no authentication" baseline: the cost of the HTTP stack
 * alone, against which the near cache and Redis modes are compared.
 */
@Controller("/api/ping")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "app")
class PingController {

    /** Answer of {@code /api/ping}. */
    @Serdeable
    record Pong(String instance) {
    }

    private final String instance;

    PingController(DemoConfiguration config) {
        this.instance = config.instanceId();
    }

    @Get
    @Operation(summary = "Which instance answered, without any session lookup (the benchmarks' baseline)")
    @ApiResponse(responseCode = "200", description = "the instance", useReturnTypeSchema = true)
    HttpResponse<Pong> ping() {
        return HttpResponse.ok(new Pong(instance)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}

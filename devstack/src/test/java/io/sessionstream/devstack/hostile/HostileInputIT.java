package io.sessionstream.devstack.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstream.devstack.ApiClient;
import io.sessionstream.devstack.Stack;
import io.sessionstream.devstack.TestStacks;
import io.sessionstream.testkit.OpenApiSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite: every route of the auth-service's and app-demo's OpenAPI specs, called as a hostile
 * client would — malformed and deeply nested JSON, wrong types, empty and oversized bodies, control characters
 * and very long strings in every field, garbage tokens and cookies, duplicate cookies, CR/LF and NUL in headers,
 * unknown methods, hostile path ids — against the real processes, directly and through an app instance's proxy.
 *
 * <p>Every answer must be a status below 500, carry nothing internal (no exception, class, SQL, driver, parser or
 * stack text), carry {@code Cache-Control: no-store} under {@code /api/} and the security headers; and afterwards
 * the system must still work. Failures are collected, so one run names every broken answer.
 */
class HostileInputIT {

    /** Words that only an exception, a stack trace, a driver or a parser would put in an answer. */
    private static final Pattern INTERNALS = Pattern.compile("(?i)exception|\\bat [a-z]+\\.[a-z]+\\.|org\\.postgresql"
            + "|io\\.micronaut|java\\.|jakarta\\.|com\\.fasterxml|jackson|psql|\\bsql\\b|jdbc|\\[source:|stack ?trace"
            + "|netty|lettuce|START_OBJECT|END_ARRAY|VALUE_STRING|caused by");
    private static final List<String> HOSTILE_STRINGS = List.of("\u0000", "a\u0000b@example.com", "\r\nX-Injected: 1",
            "\u202e\u0007\u001b[31m", "'; drop table users; --", "${jndi:ldap://127.0.0.1/a}", "%s%s%s%n",
            "<script>alert(1)</script>", "x".repeat(5000), "\uD83D\uDE00".repeat(400), "../../../../etc/passwd",
            "", " ", "null");
    private static final List<String> STRUCTURAL_BODIES = List.of("", "null", "[]", "\"str\"", "0", "{", "{\"email\":",
            "}{", "{\"a\":1}{\"b\":2}", "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
            "\uFEFF{\"email\":\"a@b.co\",\"password\":\"x\"}", "{\"email\":\"a@b.co\",\"email\":\"c@d.co\",\"password\":\"x\"}",
            "{\"email\":1e999999,\"password\":-0}", "{\"email\":1,\"password\":true,\"sessionIds\":\"x\",\"token\":[]}",
            "{\"email\":[\"a\"],\"password\":{\"x\":1},\"sessionIds\":[1,null,{}]}", "{\"sessionIds\":[]}",
            "{\"token\":null,\"newPassword\":null,\"currentPassword\":null}", "{\"email\":\"\\ud800\",\"password\":\"\\udfff\"}",
            "{\"email\":\"a\u0000b@example.com\",\"password\":\"raw NUL byte\"}");
    private static final List<String> PATH_IDS = List.of("%00", "..%2F..%2Fetc%2Fpasswd", "x".repeat(300), "%0d%0aSet-Cookie:%20a=b",
            "'%3B%20drop%20table%20sessions%3B--", "%F0%9F%98%80", "%C0%AF", "%", "%zz", "a%20b", "-", "_");
    private static final List<String> AUTHORIZATIONS = List.of("Bearer ", "Bearer", "Bearer a.b.c", "Bearer " + "A".repeat(4000),
            "Bearer \u00ff\u00fe", "Basic YWRtaW46YWRtaW4=", "Bearer AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "bearer ../../x", "Bearer x\tBearer y");
    private static final List<String> COOKIES = List.of("ss_session=", "ss_session=garbage", "ss_session=a.b.c; ss_session=d.e.f",
            "__Host-ss_session=x; ss_session=y", "ss_session=" + "B".repeat(3000), "ss_session=\"quoted\"",
            "ss_session_device=" + "C".repeat(43) + "; ss_session_device=%00", "=; ;;; ss_session");
    private static final List<String> RAW_HEADERS = List.of("X-Test: a\rb", "X-Test: a\u0000b", "X-Forwarded-For: \u0000",
            "Forwarded: for=\"[::1", "X-Forwarded-Host: evil.example\r\nX-Injected: yes", "Origin: null",
            "Origin: http://evil.example", "Referer: javascript:alert(1)", "Content-Type: application/json; charset=utf-16",
            "traceparent: 00-" + "z".repeat(32) + "-" + "0".repeat(16) + "-01", "X-Long: " + "L".repeat(20_000),
            "User-Agent: \u0007\u0000evil");
    private static final List<String> REQUEST_LINES = List.of("PROPFIND /api/auth/me HTTP/1.1", "TRACE /api/auth/me HTTP/1.1",
            "FOO /api/auth/login HTTP/1.1", "get /api/auth/me HTTP/1.1", "GARBAGE", "GET /../../etc/passwd HTTP/1.1",
            "GET /%00 HTTP/1.1", "GET http://evil.example/api/auth/me HTTP/1.1", "GET /api/auth/me HTTP/9.9",
            "GET /api/auth/me?" + "q=".repeat(3000) + " HTTP/1.1", "GET /api/auth/sessions/%2e%2e HTTP/1.1",
            "OPTIONS * HTTP/1.1");

    private static Stack stack;
    private static final ApiClient api = new ApiClient();
    private static final List<String> failures = new ArrayList<>();
    private static Set<String> operations;
    private static String password;
    private static String email;

    @BeforeAll
    static void startStack() {
        // The suite sends hundreds of failed logins from 127.0.0.1, and wrong current passwords with the victim's
        // session: the login limits are not what it tests (LoginThrottleIT and PasswordSprayIT do).
        stack = TestStacks.start("hostile", 1, Map.of("sessionstream.auth.rate-limit.ip-failures", "1000000",
                "sessionstream.auth.rate-limit.account-failures", "1000000"));
        email = "victim-" + UUID.randomUUID() + "@example.com";
        password = "hostile suite password";
        api.register(app(), email, password);
        operations = new java.util.TreeSet<>(OpenApiSpec.operations(api.get(auth() + "/swagger/auth-service.yml", null).body()));
        operations.addAll(OpenApiSpec.operations(api.get(app() + "/swagger/app-demo.yml", null).body()));
        assertThat(operations).as("the specs list the routes").hasSizeGreaterThan(10);
    }

    @AfterAll
    static void stopStack() {
        System.out.println("hostile-input suite: " + RawHttp.sent() + " requests sent");
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyRoute_withHostileBodies_answers4xxWithoutInternals() {
        for (String operation : operations) {
            for (String body : bodies()) {
                for (String base : targets(operation)) {
                    expectClean(RawHttp.send(base, line(operation, "SOMEID") + "\r\nContent-Type: application/json"
                            + "\r\nAuthorization: Bearer " + session().token(), body.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        assertNoFailures();
    }

    @Test
    void everyRoute_withHostileTokensCookiesAndHeaders_answers4xxWithoutInternals() {
        for (String operation : operations) {
            for (String base : targets(operation)) {
                for (String authorization : AUTHORIZATIONS) {
                    expectClean(RawHttp.send(base, line(operation, "SOMEID") + "\r\nAuthorization: " + authorization,
                            "{}".getBytes(StandardCharsets.UTF_8)));
                }
                for (String cookie : COOKIES) {
                    expectClean(RawHttp.send(base, line(operation, "SOMEID") + "\r\nCookie: " + cookie
                            + "\r\nOrigin: " + base, "{}".getBytes(StandardCharsets.UTF_8)));
                }
                for (String header : RAW_HEADERS) {
                    expectClean(RawHttp.send(base, line(operation, "SOMEID") + "\r\n" + header + "\r\nAuthorization: Bearer "
                            + session().token(), "{}".getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        assertNoFailures();
    }

    @Test
    void everyRouteWithAnId_withHostileIds_answers4xxWithoutInternals_evenForASignedInCaller() {
        for (String operation : operations.stream().filter(o -> o.contains("{")).toList()) {
            for (String id : PATH_IDS) {
                for (String base : targets(operation)) {
                    expectClean(RawHttp.send(base, line(operation, id) + "\r\nAuthorization: Bearer " + session().token(),
                            new byte[0]));
                }
            }
        }
        assertNoFailures();
    }

    @Test
    void unknownMethodsAndMalformedRequestLines_answer4xxWithoutInternals() {
        for (String requestLine : REQUEST_LINES) {
            for (String base : List.of(auth(), app())) {
                Answer.of(RawHttp.send(base, requestLine, new byte[0])).expectNoServerError();
            }
        }
        assertNoFailures();
    }

    @Test
    void requestsThatAskToCloseTheirConnection_neverBreakTheProxysNextRequest() {
        // A client's Connection: close must stay on the client's side of the proxy: passed on, it closes the pooled
        // upstream connection under the next request, which then fails as 502.
        for (int i = 0; i < 200; i++) {
            RawHttp.Answer answer = RawHttp.send(app(), "GET /api/auth/me HTTP/1.1\r\nAuthorization: Bearer x.y",
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        }
    }

    @Test
    void oversizedBodies_get413_directlyAndThroughTheProxy_neverA502() {
        byte[] big = ("{\"email\":\"" + "a".repeat(17 * 1024) + "\",\"password\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        for (String base : List.of(auth(), app())) {
            for (String path : List.of("/api/auth/login", "/api/users", "/api/auth/password-reset")) {
                RawHttp.Answer answer = RawHttp.send(base, "POST " + path + " HTTP/1.1\r\nContent-Type: application/json", big);
                expectClean(answer);
                assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
            }
        }
        assertNoFailures();
    }

    @Test
    void managementEndpoints_areClosed_andHealthShowsNoDetails_onEveryService_evenToASignedInUser() {
        String token = session().token();
        for (String base : List.of(auth(), app(), stack.projectorUrl())) {
            for (String path : List.of("/beans", "/routes", "/env", "/info", "/loggers", "/threaddump", "/caches",
                    "/refresh", "/stop", "/health/liveness/../../beans")) {
                for (String method : List.of("GET", "POST")) {
                    RawHttp.Answer answer = RawHttp.send(base, method + " " + path + " HTTP/1.1\r\nAuthorization: Bearer "
                            + token + "\r\nCookie: ss_session=" + token + "\r\nOrigin: " + base, new byte[0]);
                    if (base.equals(stack.projectorUrl())) {
                        // The projector serves no pages or API, only health and meters, and is never published.
                        Answer.of(answer).expectNoServerError().expectNoInternals();
                    } else {
                        expectClean(answer);
                    }
                    if (answer.status() == 200) {
                        failures.add("open management endpoint: " + method + " " + base + path);
                    }
                }
            }
            RawHttp.Answer health = RawHttp.send(base, "GET /health HTTP/1.1", new byte[0]);
            assertThat(health.body()).as(base + "/health").isEqualTo("{\"status\":\"UP\"}");
        }
        assertNoFailures();
    }

    @Test
    void afterEveryAttack_theSystemStillLogsInAndOut() {
        everyRoute_withHostileTokensCookiesAndHeaders_answers4xxWithoutInternals();
        ApiClient.Session fresh = api.login(app(), email, password);
        assertThat(api.me(app(), fresh.token()).status()).isEqualTo(200);
        api.logout(app(), fresh.token());
        assertThat(api.me(app(), fresh.token()).status()).isEqualTo(401);
    }

    /** A live session of the victim, logging in again when an attack ended the last one. */
    private static ApiClient.Session session;

    private static ApiClient.Session session() {
        if (session == null || api.get(auth() + "/api/auth/me", session.token()).status() != 200) {
            session = api.login(auth(), email, password);
        }
        return session;
    }

    private static List<String> bodies() {
        List<String> bodies = new ArrayList<>(STRUCTURAL_BODIES);
        for (String hostile : HOSTILE_STRINGS) {
            String s = jsonString(hostile);
            bodies.add("{\"email\":" + s + ",\"password\":" + s + ",\"currentPassword\":" + s + ",\"newPassword\":" + s
                    + ",\"token\":" + s + ",\"sessionIds\":[" + s + "]}");
        }
        return bodies;
    }

    /** The string as a JSON literal, control characters escaped as a well-behaved JSON writer does. */
    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** Where an operation can be called: the auth-service's routes directly and through the app's proxy. */
    private static List<String> targets(String operation) {
        String path = operation.substring(operation.indexOf(' ') + 1);
        return path.startsWith("/api/auth") || path.startsWith("/api/users") ? List.of(auth(), app()) : List.of(app());
    }

    private static String line(String operation, String id) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", id);
        return method + " " + path + " HTTP/1.1";
    }

    private static void expectClean(RawHttp.Answer answer) {
        Answer.of(answer).expectNoServerError().expectNoInternals().expectApiHeaders();
    }

    private static void assertNoFailures() {
        List<String> found = List.copyOf(failures);
        failures.clear();
        assertThat(found).as("%d hostile requests answered badly:%n%s%nWhat the services logged at WARN and above:%n%s",
                found.size(), String.join("\n", found), found.isEmpty() ? "" : serviceWarnings()).isEmpty();
    }

    /**
     * The WARN and ERROR lines of every service's log, each with its stack trace if any (15 lines of it), the first
     * 30,000 characters: a bad answer is explained there, and the stack's directory is gone once the run is over (a
     * fresh-clone check deletes it).
     */
    private static String serviceWarnings() {
        StringBuilder out = new StringBuilder();
        for (Path log : stack.logs()) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(" WARN ") || lines.get(i).contains(" ERROR ")) {
                        out.append(log.getFileName()).append(": ").append(lines.get(i)).append('\n');
                        // Its stack trace, if any: the exception's lines, the first frames and every cause.
                        for (int j = i + 1, frames = 0; j < lines.size() && !lines.get(j).matches("^\\d\\d:.*")
                                && frames < 15; j++, frames++) {
                            out.append("  ").append(lines.get(j)).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                out.append(log.getFileName()).append(": unreadable: ").append(e).append('\n');
            }
        }
        return out.length() > 30_000 ? out.substring(0, 30_000) + "\n..." : out.toString();
    }

    private static String auth() {
        return stack.authUrl();
    }

    private static String app() {
        return stack.appUrls().get(0);
    }

    /** The checks of one answer, each adding to {@link #failures}. */
    private record Answer(RawHttp.Answer raw) {

        static Answer of(RawHttp.Answer raw) {
            return new Answer(raw);
        }

        Answer expectNoServerError() {
            if (raw.status() == 0) {
                failures.add("no HTTP answer: " + shorten(raw.toString()));
            } else if (raw.status() >= 500) {
                failures.add("server error: " + shorten(raw.toString()));
            }
            return this;
        }

        Answer expectNoInternals() {
            if (INTERNALS.matcher(raw.body()).find()) {
                failures.add("internals in the body: " + shorten(raw.toString()));
            }
            return this;
        }

        Answer expectApiHeaders() {
            if (raw.status() == 0) {
                return this;
            }
            String path = raw.request().lines().findFirst().orElse("").split(" ").length > 1
                    ? raw.request().lines().findFirst().orElse("").split(" ")[1] : "";
            if (path.startsWith("/api/") && (raw.header("Cache-Control") == null
                    || !raw.header("Cache-Control").contains("no-store"))) {
                failures.add("no Cache-Control: no-store: " + shorten(raw.toString()));
            }
            if (!"nosniff".equals(raw.header("X-Content-Type-Options"))) {
                failures.add("no X-Content-Type-Options: nosniff: " + shorten(raw.toString()));
            }
            return this;
        }

        private static String shorten(String text) {
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }
}

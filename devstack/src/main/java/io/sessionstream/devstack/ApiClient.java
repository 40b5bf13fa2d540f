package io.sessionstream.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the Sessionstream API, used by the scenarios and the whole-system tests. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** A response: status and body. */
    public record Response(int status, String body) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /** A logged-in session. */
    public record Session(String userId, String sessionId, String token) {
    }

    /** Registers a user through {@code baseUrl}; fails unless 202 (sign-up answers alike for new and taken addresses). */
    public void register(String baseUrl, String email, String password) {
        Response r = post(baseUrl + "/api/users", credentials(email, password), null);
        require(r, 202, "register");
    }

    /** Logs in through {@code baseUrl}; fails unless 200. */
    public Session login(String baseUrl, String email, String password) {
        Response r = post(baseUrl + "/api/auth/login", credentials(email, password), null);
        require(r, 200, "login");
        JsonNode body = r.json();
        return new Session(body.get("userId").asText(), body.get("sessionId").asText(), body.get("token").asText());
    }

    /** Logs the session out through {@code baseUrl}; fails unless 204. */
    public void logout(String baseUrl, String token) {
        require(post(baseUrl + "/api/auth/logout", "", token), 204, "logout");
    }

    /** {@code GET /api/me} on an app instance. */
    public Response me(String appUrl, String token) {
        return get(appUrl + "/api/me", token);
    }

    /** A DELETE with an optional bearer token. */
    public Response delete(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).DELETE();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /** A GET with an optional bearer token. */
    public Response get(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /** A JSON POST with an optional bearer token. */
    public Response post(String url, String json, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String credentials(String email, String password) {
        return JSON.createObjectNode().put("email", email).put("password", password).toString();
    }

    private static void require(Response r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + " answered " + r.status() + ": " + r.body());
        }
    }
}

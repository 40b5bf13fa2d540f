package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.UUID;

/**
 * The auth-service HTTP API as a test sees it: JSON in, status and body out, Bearer tokens.
 * Public for the tests of the feature packages ({@code outbox}, {@code sessions}).
 */
public final class AuthApi {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String PASSWORD = "correct horse battery";

    /** A logged-in session. */
    public record Login(String userId, String sessionId, String token) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public AuthApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String register() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> response = post("/api/users", credentials(email, PASSWORD), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return email;
    }

    public Login login(String email, String password) {
        return login(email, password, null);
    }

    public Login login(String email, String password, String userAgent) {
        HttpRequest.Builder request = builder("/api/auth/login", null).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(credentials(email, password)));
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        HttpResponse<String> response = send(request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        return new Login(body.get("userId").asText(), body.get("sessionId").asText(), body.get("token").asText());
    }

    /** Sends a request built by the caller (headers of its own) to this service. */
    public HttpResponse<String> send(String path, java.util.function.UnaryOperator<HttpRequest.Builder> request) {
        return send(request.apply(builder(path, null)));
    }

    public HttpResponse<String> post(String path, String body, String token) {
        return send(builder(path, token).header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> get(String path, String token) {
        return send(builder(path, token).GET());
    }

    public HttpResponse<String> delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(response.statusCode() + " " + response.body(), e);
        }
    }

    public static String credentials(String email, String password) {
        return JSON.createObjectNode().put("email", email).put("password", password).toString();
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

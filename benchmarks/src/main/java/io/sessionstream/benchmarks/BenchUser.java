package io.sessionstream.benchmarks;

import io.sessionstream.devstack.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A user registered for one benchmark, through the auth-service (real hashing, real projection).
 *
 * @param email    unique per run
 * @param password the same for every benchmark user
 */
record BenchUser(String email, String password) {

    private static final String PASSWORD = "benchmark horse battery";

    /** Registers a new user with the auth-service at {@code authUrl}. */
    static BenchUser register(ApiClient api, String authUrl, String purpose) {
        BenchUser user = new BenchUser(purpose + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                PASSWORD);
        api.register(authUrl, user.email(), user.password());
        return user;
    }

    /** {@code count} fresh sessions of this user. */
    List<ApiClient.Session> login(ApiClient api, String authUrl, int count) {
        List<ApiClient.Session> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sessions.add(api.login(authUrl, email, password));
        }
        return sessions;
    }

    /** The bearer tokens of sessions. */
    static List<String> tokens(List<ApiClient.Session> sessions) {
        return sessions.stream().map(ApiClient.Session::token).toList();
    }
}

package io.sessionstream.auth;

import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.util.Map;

/**
 * The properties most auth-service ITs start from: the test servers under names of their own
 * ({@link TestProperties#isolated}), on plain http (the session cookie without {@code Secure} and
 * {@code __Host-}, as the tests' clients send it). Each test adds what it is about.
 */
public final class AuthTestProperties {

    private AuthTestProperties() {
    }

    /** An auth-service on plain http with its own key prefix, topics and database. */
    public static Map<String, String> plainHttp(String redisPrefix, SessionTopics topics, TestPostgres.Database db) {
        Map<String, String> p = TestProperties.isolated(redisPrefix, topics, db);
        p.put("sessionstream.auth.cookie-secure", "false");
        return p;
    }

    /** {@link #plainHttp(String, SessionTopics, TestPostgres.Database)} with a new prefix and new topics. */
    public static Map<String, String> plainHttp(TestPostgres.Database db) {
        return plainHttp(TestRedis.uniquePrefix(), SessionTopics.unique(), db);
    }

    /**
     * {@link #plainHttp(TestPostgres.Database)}, with the test client trusted as the proxy in front of the service:
     * its {@code X-Forwarded-For} names the client address each request counts against.
     */
    public static Map<String, String> behindTestProxy(TestPostgres.Database db) {
        Map<String, String> p = plainHttp(db);
        p.put("sessionstream.client.forwarded.trusted-proxies", "127.0.0.1");
        return p;
    }
}

package io.sessionstream.auth;

import io.micronaut.runtime.Micronaut;

/** Runs the auth-service. */
public final class AuthServiceApplication {

    private AuthServiceApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(AuthServiceApplication.class, args);
    }
}

package io.sessionstream.benchmarks;

import io.sessionstream.devstack.ApiClient;
import java.io.PrintStream;

/**
 * Login and logout as a client sees them, straight against the auth-service: a login answers once
 * its session is committed, relayed through the outbox and Kafka and projected into Redis; a logout
 * once the revocation is projected and its broadcast has come back. One at a time, after warm-up.
 * The Argon2id cost inside a login is measured apart, with the auth-service's own hasher.
 */
final class EndToEndLatency {

    private EndToEndLatency() {
    }

    static Results.EndToEnd measure(ApiClient api, BenchStack stack, SuiteOptions.Latency options, PrintStream out) {
        out.printf("Login/logout end to end: %d warm-up + %d pairs ...%n", options.warmups(), options.samples());
        BenchUser user = BenchUser.register(api, stack.authUrl(), "latency");
        for (int i = 0; i < options.warmups(); i++) {
            api.logout(stack.authUrl(), api.login(stack.authUrl(), user.email(), user.password()).token());
        }
        long[] logins = new long[options.samples()];
        long[] logouts = new long[options.samples()];
        for (int i = 0; i < options.samples(); i++) {
            long start = System.nanoTime();
            ApiClient.Session session = api.login(stack.authUrl(), user.email(), user.password());
            long loggedIn = System.nanoTime();
            api.logout(stack.authUrl(), session.token());
            logouts[i] = System.nanoTime() - loggedIn;
            logins[i] = loggedIn - start;
        }
        out.printf("Argon2id verify with the auth-service's PasswordHasher: %d warm-up + %d ...%n",
                options.hashWarmups(), options.hashSamples());
        PasswordHashCost.Cost cost = PasswordHashCost.measure(stack.passwordHash(user.email()), user.password(),
                options.hashWarmups(), options.hashSamples());
        Results.EndToEnd r = new Results.EndToEnd(Distribution.of(logins), Distribution.of(logouts),
                new Results.HashCost("Argon2id", cost.memoryKib(), cost.iterations(), cost.parallelism(),
                        Distribution.of(cost.verifyNanos())));
        out.printf("  login p50 %.1f ms (hashing %.1f ms), logout p50 %.1f ms%n", r.login().p50Ms(),
                r.hash().verify().p50Ms(), r.logout().p50Ms());
        return r;
    }
}

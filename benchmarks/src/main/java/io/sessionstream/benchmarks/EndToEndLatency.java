package io.sessionstream.benchmarks;

import io.sessionstream.devstack.ApiClient;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

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
        EventHops hops;
        try (EventTap tap = EventTap.start(stack.bootstrapServers(),
                List.of(stack.topics().events(), stack.topics().invalidations()))) {
            EventHops.Recorder recorder = new EventHops.Recorder(tap, stack.topics().events(),
                    stack.topics().invalidations());
            for (int i = 0; i < options.samples(); i++) {
                Instant loginSent = Instant.now();
                long start = System.nanoTime();
                ApiClient.Session session = api.login(stack.authUrl(), user.email(), user.password());
                long loggedIn = System.nanoTime();
                Instant loginAnswered = Instant.now();
                api.logout(stack.authUrl(), session.token());
                logouts[i] = System.nanoTime() - loggedIn;
                logins[i] = loggedIn - start;
                recorder.add(session.userId(), loginSent, loginAnswered, loginAnswered, Instant.now());
            }
            hops = recorder.hops();
        }
        LogoutCpu logoutCpu = LogoutCpu.measure(api, stack, options.samples(), out);
        out.printf("Kafka floor on the same broker: %d warm-up + %d sends ...%n", options.warmups(), options.samples());
        KafkaFloor.Result floor = KafkaFloor.measure(stack.bootstrapServers(), options.warmups(), options.samples());
        out.printf("Argon2id verify with the auth-service's PasswordHasher: %d warm-up + %d ...%n",
                options.hashWarmups(), options.hashSamples());
        PasswordHashCost.Cost cost = PasswordHashCost.measure(stack.passwordHash(user.email()), user.password(),
                options.hashWarmups(), options.hashSamples());
        Distribution verifyCpu = Distribution.of(cost.verifyCpuNanos());
        LoginThroughput.Result throughput = LoginThroughput.measure(stack.authUrl(), options.loginsPerClient(),
                verifyCpu.p50Ms(), out);
        Results.EndToEnd r = new Results.EndToEnd(Distribution.of(logins), Distribution.of(logouts),
                new Results.HashCost("Argon2id", cost.memoryKib(), cost.iterations(), cost.parallelism(),
                        Distribution.of(cost.verifyNanos()), verifyCpu), hops, floor, throughput, logoutCpu);
        out.printf("  login p50 %.1f ms (hashing %.1f ms), logout p50 %.1f ms%n", r.login().p50Ms(),
                r.hash().verify().p50Ms(), r.logout().p50Ms());
        hops.logout().forEach((hop, d) -> out.printf("  logout %-30s p50 %6.2f ms, p99 %6.2f ms%n", hop, d.p50Ms(), d.p99Ms()));
        out.printf("  Kafka floor: plain p50 %.2f ms, transactional p50 %.2f ms%n", floor.plain().p50Ms(),
                floor.transactional().p50Ms());
        return r;
    }
}

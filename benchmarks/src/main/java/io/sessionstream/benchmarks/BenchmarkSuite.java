package io.sessionstream.benchmarks;

import io.sessionstream.devstack.ApiClient;
import io.sessionstream.devstack.Devstack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark suite (issue 5), from one command: validation throughput against app-demo with
 * no authentication, with the near cache, with Redis on every request and with PostgreSQL on every
 * request; what the near cache adds to the p99 at a fixed half of the no-auth maximum; login/logout
 * latency end to end with the password hash apart; revocation lag with 3 and 10 app instances under
 * background load; projector throughput from a pre-filled topic, without and with batching; the JMH
 * hot path; memory per session in the near cache and in Redis. Writes {@code results.json},
 * {@code report.md}, {@code throughput.png} and {@code revocation-lag.png}.
 *
 * <pre>java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-all.jar [--smoke] [--out DIR]</pre>
 */
public final class BenchmarkSuite {

    private final SuiteOptions options;
    private final Path home;
    private final PrintStream out;

    BenchmarkSuite(SuiteOptions options, Path home, PrintStream out) {
        this.options = options;
        this.home = home;
        this.out = out;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Path home = Devstack.home();
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args, home);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Results results = new BenchmarkSuite(options, home, System.out).run();
        System.out.println();
        System.out.println(Report.validationTable(results));
        System.out.println("Written to " + options.outDir().toAbsolutePath());
        System.exit(0);
    }

    /** Runs everything and writes the report; returns the figures. */
    Results run() {
        System.setProperty("java.awt.headless", "true");
        List<LoadResult> validation = new ArrayList<>();
        List<List<LoadResult>> rounds = new ArrayList<>();
        AddedLatency.Result addedLatency;
        RedisMemory.UserKeys redisKeys;
        Results.EndToEnd endToEnd;
        List<ProjectorThroughput.ProjectorResult> projector = new ArrayList<>();
        Distribution appStart;
        out.println("Starting the system under test (Kafka, auth-service, session-projector, 3 app-demo) ...");
        try (BenchStack stack = BenchStack.start(home, out)) {
            ApiClient api = new ApiClient();
            List<ApiClient.Session> sessions = BenchUser.register(api, stack.authUrl(), "bench")
                    .login(api, stack.authUrl(), options.connections());
            List<String> tokens = BenchUser.tokens(sessions);
            requireAdmitted(api, stack.nearCacheApp(), tokens);
            requireAdmitted(api, stack.redisApp(), tokens);
            requireAdmitted(api, stack.postgresApp(), tokens);

            for (int round = 1 - options.warmupRounds(); round <= options.rounds(); round++) {
                out.printf(round < 1 ? "Validation load, warm-up round (not reported)%n"
                        : "Validation load, round %d of %d%n", round, options.rounds());
                List<LoadResult> modes = List.of(load("no-auth", stack.nearCacheApp(), "/api/ping", List.of()),
                        load("near-cache", stack.nearCacheApp(), "/api/me", tokens),
                        load("redis", stack.redisApp(), "/api/me", tokens),
                        load("postgres", stack.postgresApp(), "/api/me", tokens));
                if (round >= 1) {
                    rounds.add(modes);
                }
            }
            validation.addAll(medians(rounds));
            addedLatency = AddedLatency.measure(stack.nearCacheApp(), tokens, options.connections(),
                    validation.get(0).requestsPerSecond(), options.fixedRate(), out);

            // Ends the load's sessions (a "log out everywhere" writes the epoch and the markers): nothing uses them after.
            redisKeys = RedisMemory.ofUser(api, stack, sessions.get(0));
            endToEnd = EndToEndLatency.measure(api, stack, options.latency(), out);
            SuiteOptions.Projector p = options.projector();
            projector.add(ProjectorThroughput.run(home, stack.bootstrapServers(), stack.redisUri(), p.unbatchedEvents(), 1,
                    out));
            projector.add(ProjectorThroughput.run(home, stack.bootstrapServers(), stack.redisUri(), p.events(),
                    p.maxBatch(), out));
            // Last on this stack: it restarts the near-cache instance.
            appStart = AppStartup.measure(stack, options.smoke(), out);
        }
        List<LagResult> lag = new ArrayList<>();
        List<PushLatency.PushResult> push = new ArrayList<>();
        for (int instances : options.lag().instanceCounts()) {
            RevocationLag.Run run = RevocationLag.measure(home, out, instances, options.lag());
            lag.add(run.lag());
            push.add(run.push());
        }
        out.println("Near-cache memory over " + options.cacheEntries() + " sessions ...");
        double nearBytes = NearCacheMemory.bytesPerSession(options.cacheEntries());
        out.println("JMH hot path ...");
        List<MicroResult> micro = MicroBenchmarks.run(options);

        double noAuth = validation.get(0).requestsPerSecond();
        double near = validation.get(1).requestsPerSecond();
        double redis = validation.get(2).requestsPerSecond();
        double postgres = validation.get(3).requestsPerSecond();
        Results results = new Results(LocalDate.now().toString(), options.smoke(), Machine.current(),
                Results.Settings.of(options), validation, rounds,
                new Results.Ratios(near / noAuth, redis / noAuth, postgres / noAuth, near / redis, near / postgres),
                addedLatency, micro, Results.Memory.of(options.cacheEntries(), nearBytes, redisKeys), lag, push, endToEnd,
                projector, appStart);
        Report.write(results, options.outDir());
        return results;
    }

    /** Each mode's median round by requests/s (the upper one of two), in the order of the modes. */
    static List<LoadResult> medians(List<List<LoadResult>> rounds) {
        List<LoadResult> medians = new ArrayList<>();
        for (int mode = 0; mode < rounds.get(0).size(); mode++) {
            int m = mode;
            List<LoadResult> runs = rounds.stream().map(r -> r.get(m))
                    .sorted(java.util.Comparator.comparingDouble(LoadResult::requestsPerSecond)).toList();
            medians.add(runs.get(runs.size() / 2));
        }
        return medians;
    }

    private static void requireAdmitted(ApiClient api, String appUrl, List<String> tokens) {
        for (String token : tokens) {
            ApiClient.Response r = api.me(appUrl, token);
            if (r.status() != 200) {
                throw new IllegalStateException(appUrl + "/api/me answered " + r.status() + " before the load: " + r.body());
            }
        }
    }

    private LoadResult load(String mode, String baseUrl, String path, List<String> tokens) {
        out.printf("Load: %-10s %s%s, %d connections, %d s warm-up + %d s ...%n", mode, baseUrl, path,
                options.connections(), options.warmup().toSeconds(), options.measure().toSeconds());
        LoadResult r = LoadGenerator.run(mode, baseUrl, path, tokens, options.connections(), options.warmup(),
                options.measure()).requireAnswered();
        out.printf("  %,.0f requests/s, %s%n", r.requestsPerSecond(), r.latencies());
        return r;
    }

}

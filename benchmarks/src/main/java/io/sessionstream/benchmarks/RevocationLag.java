package io.sessionstream.benchmarks;

import io.sessionstream.devstack.ApiClient;
import io.sessionstream.devstack.LogoutPropagationScenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Revocation lag at scale: a stack of N near-cache app-demo processes, a paced background load of
 * {@code /api/me} with other sessions (one connection per instance), and meanwhile devstack's
 * {@link LogoutPropagationScenario} — the same measurement as {@code ./run --scenario logout-propagation}; then,
 * on the same stack, {@link PushLatency}.
 */
final class RevocationLag {

    private RevocationLag() {
    }

    /** The lag, and the push to open pages measured on the same stack once the background load has stopped. */
    record Run(LagResult lag, PushLatency.PushResult push) {
    }

    static Run measure(Path home, PrintStream out, int instances, SuiteOptions.Lag options) {
        out.printf("Revocation lag: %d app-demo instances, %d logouts, background %d requests/s ...%n", instances,
                options.rounds(), options.backgroundRequestsPerSecond());
        try (BenchStack stack = BenchStack.nearCacheApps(home, out, instances, options.appJvmOptions())) {
            ApiClient api = new ApiClient();
            List<String> tokens = BenchUser.tokens(BenchUser.register(api, stack.authUrl(), "background")
                    .login(api, stack.authUrl(), instances));
            LoadGenerator.Background background = LoadGenerator.start("background-" + instances, stack.appUrls(),
                    "/api/me", tokens, options.backgroundRequestsPerSecond());
            LogoutPropagationScenario.Result lag;
            try {
                lag = new LogoutPropagationScenario(stack.appUrls()).run(options.rounds(), out);
            } catch (Exception e) {
                background.stop();
                throw new IllegalStateException("the logout scenario failed with " + instances + " instances", e);
            }
            LoadResult load = background.stop();
            if (load.errors() > 0) {
                throw new IllegalStateException(load.errors() + " background requests with valid sessions were not"
                        + " answered 200 — the lag would not be measured under the intended load");
            }
            LagResult r = LagResult.of(instances, lag.rounds(), lag.staleAfter5s(), lag.lagsNanos(), lag.logoutNanos(), load,
                    options.appJvmOptions());
            out.printf("  every instance rejects p50 %.2f ms, p99 %.2f ms, max %.2f ms after the logout response"
                    + " (p50 %.1f ms after its request); stale %d; background %,.0f requests/s%n",
                    r.everyInstance().p50Ms(), r.everyInstance().p99Ms(), r.everyInstance().maxMs(),
                    r.fromRequest().p50Ms(), r.staleAfter5s(), load.requestsPerSecond());
            return new Run(r, PushLatency.measure(stack, options.rounds(), options.openPages(), out));
        }
    }
}

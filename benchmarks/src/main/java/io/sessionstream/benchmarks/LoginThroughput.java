package io.sessionstream.benchmarks;

import io.sessionstream.devstack.ApiClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Logins of distinct users per second at a fixed concurrency, against the bound the password hash sets: every login
 * verifies one Argon2id hash, and a verification takes its CPU time from a core, so no more than
 * {@code cores ÷ one verification's CPU time} logins a second can be answered, whatever else is fast. The CPU time,
 * not the wall clock: measured apart while the stack idles, the wall clock moved 34–71 ms between runs with what
 * else the machine was doing, more than anything the bound is there to judge. Each of
 * {@code concurrency} clients logs in its own users one after another; the users are registered first (not timed).
 */
final class LoginThroughput {

    /** Clients logging in at once. */
    static final int CONCURRENCY = 8;

    /**
     * @param concurrency     clients at once
     * @param logins          logins answered 200
     * @param seconds         from the first login sent to the last answered
     * @param loginsPerSecond logins ÷ seconds
     * @param boundPerSecond  cores ÷ one verification's CPU time, p50 (measured apart, in the same run)
     * @param shareOfBound    loginsPerSecond ÷ boundPerSecond
     */
    record Result(int concurrency, int logins, double seconds, double loginsPerSecond, double boundPerSecond,
                  double shareOfBound) {
    }

    private LoginThroughput() {
    }

    static Result measure(String authUrl, int loginsPerClient, double verifyCpuMillis, PrintStream out) {
        ApiClient api = new ApiClient();
        int total = CONCURRENCY * loginsPerClient;
        out.printf("Logins of %d distinct users, %d at once (registering them first) ...%n", total, CONCURRENCY);
        List<BenchUser> users = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            users.add(BenchUser.register(api, authUrl, "throughput"));
        }
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < CONCURRENCY; c++) {
                List<BenchUser> own = users.subList(c * loginsPerClient, (c + 1) * loginsPerClient);
                done.add(clients.submit(() -> {
                    ApiClient client = new ApiClient();
                    own.forEach(u -> client.login(authUrl, u.email(), u.password()));
                    return own.size();
                }));
            }
            int logins = 0;
            for (Future<Integer> f : done) {
                logins += f.get(5, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int cores = Runtime.getRuntime().availableProcessors();
            double bound = cores / (verifyCpuMillis / 1000.0);
            Result r = new Result(CONCURRENCY, logins, seconds, logins / seconds, bound, logins / seconds / bound);
            out.printf("  %.1f logins/s (%d in %.2f s); the hash's bound %.1f/s (%d cores ÷ %.1f ms of CPU): %.0f %%%n",
                    r.loginsPerSecond(), logins, seconds, bound, cores, verifyCpuMillis, 100 * r.shareOfBound());
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a login of the throughput run failed", e);
        } finally {
            clients.shutdownNow();
        }
    }
}

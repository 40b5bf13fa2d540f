package io.sessionstream.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionstream.devstack.ApiClient;
import io.sessionstream.devstack.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The push channel to open pages ({@code GET /api/session/events}, server-sent events), measured as a page sees it,
 * on the same stack as the revocation lag:
 * <ul>
 *   <li>per round, a page of a fresh session is open on an instance other than the one the logout goes through; the
 *       time from the logout request until the page reads {@code signed-out} (and whether it read it before the
 *       logout's own answer came back: the auth-service answers once every instance has applied the revocation);
 *   <li>{@code openPages} pages held open on one instance (spread over a few sessions of one user): the instance's heap
 *       and direct memory after a full GC, without and with them, per page; then one "log out everywhere" and the
 *       time until each of those pages is told.
 * </ul>
 */
final class PushLatency {

    /** Sessions the open pages are spread over (each a real login, so a real Argon2 verify). */
    static final int PAGE_SESSIONS = 10;
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param instances        app-demo processes of the stack
     * @param rounds           logouts, each with one page open on another instance
     * @param requestToPage    logout request sent → the page read {@code signed-out}
     * @param logout           the logout's own latency in the same rounds
     * @param toldBeforeAnswer rounds whose page was told before the logout's answer arrived
     * @param openPages        pages held open on one instance
     * @param heapBytesPerPage heap after a full GC with the pages open, minus without, per page
     * @param directBytesPerPage Netty's direct buffers likewise
     * @param fanOut           "log out everywhere" request sent → each open page told
     * @param pagesTold        how many of the open pages were told, with the right reason, within 10 s
     */
    record PushResult(int instances, int rounds, Distribution requestToPage, Distribution logout, int toldBeforeAnswer,
                      int openPages, double heapBytesPerPage, double directBytesPerPage, Distribution fanOut,
                      int pagesTold) {
    }

    private final ApiClient api = new ApiClient();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    static PushResult measure(BenchStack stack, int rounds, int openPages, PrintStream out) {
        return new PushLatency().run(stack, rounds, openPages, out);
    }

    private PushResult run(BenchStack stack, int rounds, int openPages, PrintStream out) {
        List<String> apps = stack.appUrls();
        String entry = apps.get(0);
        out.printf("Push to open pages: %d logouts, then %d pages open on one instance ...%n", rounds, openPages);
        BenchUser user = BenchUser.register(api, stack.authUrl(), "push");
        long[] toPage = new long[rounds];
        long[] logout = new long[rounds];
        int beforeAnswer = 0;
        for (int round = 0; round < rounds; round++) {
            ApiClient.Session session = user.login(api, entry, 1).get(0);
            Page page = open(apps.get(1 + round % (apps.size() - 1)), session.token());
            await(page.opened, "the page of round " + round + " to be registered");
            long sent = System.nanoTime();
            api.logout(entry, session.token());
            long answered = System.nanoTime();
            long told = await(page.signedOut, "the page of round " + round + " to be told");
            requireReason(page, "logout");
            toPage[round] = told - sent;
            logout[round] = answered - sent;
            if (told <= answered) {
                beforeAnswer++;
            }
        }
        Distribution requestToPage = Distribution.of(toPage);
        out.printf("  logout request → page told p50 %.2f ms, p99 %.2f ms (logout answered p50 %.2f ms); told before "
                + "the answer in %d of %d%n", requestToPage.p50Ms(), requestToPage.p99Ms(),
                Distribution.of(logout).p50Ms(), beforeAnswer, rounds);

        ServiceProcess instance = stack.app(apps.size() - 1);
        String url = apps.get(apps.size() - 1);
        List<ApiClient.Session> sessions = user.login(api, entry, PAGE_SESSIONS);
        long[] before = memoryAfterGc(instance, url);
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < openPages; i++) {
            pages.add(open(url, sessions.get(i % sessions.size()).token()));
        }
        for (Page p : pages) {
            await(p.opened, "every open page to be registered");
        }
        long[] with = memoryAfterGc(instance, url);
        double heapPerPage = (with[0] - before[0]) / (double) openPages;
        double directPerPage = (with[1] - before[1]) / (double) openPages;
        long sent = System.nanoTime();
        ApiClient.Response everywhere = api.post(entry + "/api/auth/logout-everywhere", "", sessions.get(0).token());
        if (everywhere.status() != 204) {
            throw new IllegalStateException("logout everywhere answered " + everywhere);
        }
        List<Long> fanOut = new ArrayList<>();
        for (Page p : pages) {
            try {
                long told = p.signedOut.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                if ("logout_everywhere".equals(p.reason)) {
                    fanOut.add(told - sent);
                }
            } catch (ExecutionException | TimeoutException e) {
                // counted as not told
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        pages.forEach(Page::cancel);
        Distribution fan = Distribution.of(fanOut.stream().mapToLong(Long::longValue).toArray());
        out.printf("  %d open pages: %.0f heap bytes + %.0f direct bytes per page; log out everywhere → each page told "
                + "p50 %.1f ms, p99 %.1f ms, %d of %d told%n", openPages, heapPerPage, directPerPage, fan.p50Ms(),
                fan.p99Ms(), fanOut.size(), openPages);
        return new PushResult(apps.size(), rounds, requestToPage, Distribution.of(logout), beforeAnswer, openPages,
                heapPerPage, directPerPage, fan, fanOut.size());
    }

    private Page open(String appUrl, String token) {
        Page page = new Page();
        HttpRequest request = HttpRequest.newBuilder(URI.create(appUrl + "/api/session/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
        page.response = http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(page));
        page.response.whenComplete((r, e) -> {
            if (e != null) {
                page.opened.completeExceptionally(e);
                page.signedOut.completeExceptionally(e);
            } else if (r.statusCode() != 200) {
                IllegalStateException refused = new IllegalStateException(appUrl + " answered " + r.statusCode());
                page.opened.completeExceptionally(refused);
                page.signedOut.completeExceptionally(refused);
            }
        });
        return page;
    }

    private static long await(CompletableFuture<Long> event, String what) {
        try {
            return event.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("waited " + BOUND.toSeconds() + " s for " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void requireReason(Page page, String reason) {
        if (!reason.equals(page.reason)) {
            throw new IllegalStateException("the page was told '" + page.reason + "', not '" + reason + "'");
        }
    }

    /** Heap and direct-buffer bytes used by the instance right after a full GC ({@code jcmd GC.run}). */
    private long[] memoryAfterGc(ServiceProcess instance, String url) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process gc = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                    String.valueOf(instance.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + instance.pid() + " GC.run failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd (the JDK's, next to java)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new long[] {meter(url, "jvm.memory.used?tag=area:heap"), meter(url, "jvm.buffer.memory.used?tag=id:direct")};
    }

    private long meter(String url, String query) {
        ApiClient.Response r = api.get(url + "/metrics/" + query, null);
        if (r.status() != 200) {
            throw new IllegalStateException(url + "/metrics/" + query + " answered " + r);
        }
        for (JsonNode m : r.json().path("measurements")) {
            if ("VALUE".equals(m.path("statistic").asText())) {
                return m.path("value").asLong();
            }
        }
        throw new IllegalStateException("no VALUE in " + r.body());
    }

    /** One open page: reads the stream line by line and notes when each event arrived. */
    private static final class Page implements Flow.Subscriber<String> {
        final CompletableFuture<Long> opened = new CompletableFuture<>();
        final CompletableFuture<Long> signedOut = new CompletableFuture<>();
        volatile String reason;
        volatile CompletableFuture<HttpResponse<Void>> response;
        private volatile Flow.Subscription subscription;
        private String event = "";
        private long eventAt;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("event:")) {
                event = line.substring("event:".length()).trim();
                eventAt = System.nanoTime();
                if (event.equals("session")) {
                    opened.complete(eventAt);
                }
            } else if (line.startsWith("data:") && event.equals("signed-out")) {
                try {
                    reason = JSON.readTree(line.substring("data:".length()).trim()).path("reason").asText();
                } catch (IOException e) {
                    reason = "unreadable: " + line;
                }
                signedOut.complete(eventAt);
            }
        }

        @Override
        public void onError(Throwable t) {
            opened.completeExceptionally(t);
            signedOut.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            IllegalStateException ended = new IllegalStateException("the stream ended after '" + event + "'");
            opened.completeExceptionally(ended);
            signedOut.completeExceptionally(ended);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}

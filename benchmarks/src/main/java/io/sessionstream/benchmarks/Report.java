package io.sessionstream.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes a run's {@code results.json}, {@code report.md}, {@code throughput.png} and {@code revocation-lag.png}. */
final class Report {

    static final String JSON = "results.json";
    static final String MARKDOWN = "report.md";
    static final String CHART = "throughput.png";
    static final String LAG_CHART = "revocation-lag.png";

    private static final Color[] SERIES = {new Color(0x9e9e9e), new Color(0x2e7d32), new Color(0xc62828),
            new Color(0x1565c0), new Color(0xef6c00)};

    private Report() {
    }

    static void write(Results r, Path dir) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON).toFile(), r);
            Files.writeString(dir.resolve(MARKDOWN), markdown(r));
            chart(r.validation(), dir.resolve(CHART));
            LagChart.write(r.lag(), dir.resolve(LAG_CHART));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    /** The validation table, also pasted into docs/benchmarks.md. */
    static String validationTable(Results r) {
        double noAuth = r.validation().get(0).requestsPerSecond();
        StringBuilder md = new StringBuilder("| mode | endpoint | requests/s | × no-auth | every round, requests/s | p50 µs | "
                + "p99 µs | p99.9 µs | errors |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int mode = 0; mode < r.validation().size(); mode++) {
            LoadResult l = r.validation().get(mode);
            int m = mode;
            String all = String.join(" / ", r.rounds().stream()
                    .map(round -> String.format(Locale.ROOT, "%,.0f", round.get(m).requestsPerSecond())).toList());
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %,.0f | %.2f | %s | %d | %d | %d | %d |%n", l.mode(),
                    l.endpoint(), l.requestsPerSecond(), l.requestsPerSecond() / noAuth, all, l.p50Micros(),
                    l.p99Micros(), l.p999Micros(), l.errors()));
        }
        return md.toString();
    }

    static String markdown(Results r) {
        Machine m = r.machine();
        Results.Settings o = r.options();
        StringBuilder md = new StringBuilder();
        md.append("# Sessionstream benchmarks — ").append(r.date()).append(r.smoke() ? " (smoke run: timings mean nothing)" : "")
                .append("\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %s; %s; %s.%n%n", m.cores(), m.cpuModel(), m.jvm(), m.os()));
        md.append("## Validation throughput (one app-demo instance per mode)\n\n");
        md.append(String.format(Locale.ROOT, "Closed loop, %d keep-alive connections, %d s warm-up and %.0f s measured per "
                + "mode, %d round(s) with every mode in turn after %d unreported warm-up round(s); each row is the mode's median "
                + "round. The load generator runs on the same cores as the server.%n%n", o.connections(), o.warmupSeconds(),
                o.measureSeconds(), o.rounds(), o.warmupRounds()));
        md.append(validationTable(r)).append('\n');
        md.append("Near cache / no-auth within each round (the same minute of the machine): ").append(String.join(", ",
                r.rounds().stream().map(round -> String.format(Locale.ROOT, "%.2f",
                        round.get(1).requestsPerSecond() / round.get(0).requestsPerSecond())).toList())).append(".\n\n");
        md.append(String.format(Locale.ROOT, "Near cache / no-auth = **%.2f** (target ≥ 0.95); near cache / Redis = **%.2f** "
                + "(target ≥ 2); near cache / PostgreSQL = **%.2f**.%n%n", r.ratios().nearCacheToNoAuth(),
                r.ratios().nearCacheToRedis(), r.ratios().nearCacheToPostgres()));
        md.append("`postgres` is app-demo's baseline validator: one indexed select of the auth-service's `sessions` row "
                + "(joined with the user's roles) per request, checking revocation, secret hash and absolute expiry; "
                + "no idle expiry and no last-seen write, which only flatters it.\n\n");
        md.append("![requests/s by mode](").append(CHART).append(")\n\n");
        md.append(addedLatencySection(r.addedLatency()));
        md.append(endToEndSection(r.endToEnd(), r.options().latency().warmups()));
        md.append(lagSection(r.lag()));
        md.append(pushSection(r.push()));
        md.append(projectorSection(r.projector()));
        md.append(appStartSection(r.appStart()));
        md.append("## Hot path (JMH)\n\n");
        md.append(String.format(Locale.ROOT, "%d fork(s), %d × %d ms warm-up, %d × %d ms measured, average time.%n%n",
                o.jmhForks(), o.jmhWarmupIterations(), o.jmhIterationMillis(), o.jmhIterations(), o.jmhIterationMillis()));
        md.append("| benchmark | ns/op | ± (99.9 %) |\n| --- | ---: | ---: |\n");
        for (MicroResult mr : r.micro()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", mr.benchmark(), mr.nsPerOp(), mr.errorNs()));
        }
        Results.Memory mem = r.memory();
        md.append("\n## Memory per session\n\n| where | bytes | how |\n| --- | ---: | --- |\n");
        md.append(String.format(Locale.ROOT, "| near cache (heap) | %.0f | heap delta over %,d cached sessions (target ≤ 300) |%n",
                mem.nearCacheBytesPerSession(), mem.nearCacheEntries()));
        md.append(String.format(Locale.ROOT, "| Redis session hash `s:<sid>` | %d | `MEMORY USAGE` of a projected session |%n",
                mem.redisSessionKeyBytes()));
        md.append(String.format(Locale.ROOT, "| Redis user index `u:<uid>` | %d | `MEMORY USAGE`, %d session(s) in it |%n",
                mem.redisUserIndexBytes(), mem.redisUserIndexSessions()));
        md.append(String.format(Locale.ROOT, "| Redis user fence `f:<uid>` | %d | `MEMORY USAGE` of that user's fence (one partition) |%n",
                mem.redisFenceBytes()));
        md.append(String.format(Locale.ROOT, "| Redis user epoch `n:<uid>` | %d | `MEMORY USAGE` after a \"log out everywhere\" of that user |%n",
                mem.redisEpochBytes()));
        md.append(String.format(Locale.ROOT, "| Redis revoked marker `x:<sid>` | %d | `MEMORY USAGE` of one of its sessions' markers, after it |%n",
                mem.redisRevokedMarkerBytes()));
        return md.toString();
    }

    /** What the near cache adds to the p99 at a fixed rate, every round. */
    static String addedLatencySection(AddedLatency.Result a) {
        StringBuilder md = new StringBuilder("## Added latency at a fixed load\n\n");
        md.append(String.format(Locale.ROOT, "No-auth (`/api/ping`) and near cache (`/api/me`) on the near-cache instance, "
                + "each sent at a fixed **%,.0f requests/s**: %.0f %% of this run's no-auth maximum (%,.0f requests/s, its "
                + "median round above), over %d keep-alive connections, modes in turn in every round. Each connection sends "
                + "on a fixed schedule whatever the server does, and a latency counts from the request's intended send "
                + "time, not its actual send: a stall counts for every request it held back (no coordinated "
                + "omission).%n%n", a.requestsPerSecond(), 100 * a.share(), a.noAuthMaximumPerSecond(), a.connections()));
        md.append("| round | mode | requests | p50 µs | p99 µs | p99.9 µs | max µs | added p99 ms |\n"
                + "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int i = 0; i < a.rounds().size(); i++) {
            AddedLatency.Round round = a.rounds().get(i);
            md.append(fixedRateRow(i + 1, round.noAuth(), "")).append(fixedRateRow(i + 1, round.nearCache(),
                    String.format(Locale.ROOT, "%.3f", round.addedP99Ms())));
        }
        return md.append(String.format(Locale.ROOT, "%nAdded p99, near cache − no auth, median round: **%.3f ms** "
                + "(target ≤ 0.2 ms).%n%n", a.median().addedP99Ms())).toString();
    }

    private static String fixedRateRow(int round, LoadResult l, String added) {
        return String.format(Locale.ROOT, "| %d | %s | %,d | %d | %d | %d | %d | %s |%n", round, l.mode(), l.requests(),
                l.p50Micros(), l.p99Micros(), l.p999Micros(), l.maxMicros(), added);
    }

    /** Login/logout end to end with the hashing share. */
    static String endToEndSection(Results.EndToEnd e, int warmups) {
        Results.HashCost h = e.hash();
        StringBuilder md = new StringBuilder("## Login and logout, end to end\n\n");
        md.append("Client-side, one request at a time against the auth-service. A login answers once the session is "
                + "committed with its outbox row, relayed to Kafka and projected into Redis; a logout once the revocation "
                + "is projected and its broadcast is back. The password hash is timed apart, with the auth-service's own "
                + "`PasswordHasher` in the benchmark JVM, at the parameters of a hash the running auth-service stored. "
                + String.format(Locale.ROOT, "Measured after %d unrecorded login/logout pairs: the JVMs on the path "
                + "(auth-service, projector, app instances, the broker's) compile the logout's code for hundreds of "
                + "logouts, and on two cores their compilers take the cores the logout waits for (see CPU per "
                + "logout, below).%n%n", warmups));
        md.append("| what | samples | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |\n");
        md.append(row("login", e.login())).append(row("logout", e.logout()));
        md.append(row(String.format(Locale.ROOT, "%s verify (m=%d KiB, t=%d, p=%d)", h.algorithm(), h.memoryKib(),
                h.iterations(), h.parallelism()), h.verify()));
        md.append(String.format(Locale.ROOT, "%nLogin p50 **%.1f ms**, of which hashing **%.1f ms** (%.0f %%); "
                + "logout p50 **%.1f ms**.%n%n", e.login().p50Ms(), h.verify().p50Ms(),
                100 * h.verify().p50Ms() / e.login().p50Ms(), e.logout().p50Ms()));
        LoginThroughput.Result t = e.loginThroughput();
        md.append(String.format(Locale.ROOT, "**Logins of distinct users, %d at once**: %.1f logins/s (%d in %.2f s). "
                + "Every login verifies one hash, which takes its CPU time from a core: the bound is %d cores ÷ "
                + "%.1f ms of CPU per verification (p50; %.1f ms by the wall clock) = %.1f logins/s, and this is "
                + "**%.0f %%** of it (target ≥ 80 %%).%n%n", t.concurrency(),
                t.loginsPerSecond(), t.logins(), t.seconds(), Runtime.getRuntime().availableProcessors(),
                h.verifyCpu().p50Ms(), h.verify().p50Ms(), t.boundPerSecond(), 100 * t.shareOfBound()));
        md.append(hopsSection(e.hops(), e.kafkaFloor()));
        md.append(logoutCpuSection(e.logoutCpu()));
        return md.toString();
    }

    /** What one logout costs the machine, by process. */
    static String logoutCpuSection(LogoutCpu c) {
        StringBuilder md = new StringBuilder("### CPU per logout\n\n");
        md.append(String.format(Locale.ROOT, "%d more sessions logged in first (not measured), then logged out one at a "
                + "time, without the tap: the CPU time each process used meanwhile, per logout. Logout p50 %.1f ms, "
                + "p99 %.1f ms here.%n%n", c.logouts(), c.latency().p50Ms(), c.latency().p99Ms()));
        md.append("| process | CPU ms per logout |\n| --- | ---: |\n");
        c.msPerLogout().forEach((what, ms) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n",
                what.equals(LogoutCpu.MACHINE) ? "**the whole machine** (`/proc/stat`)" : what, ms)));
        md.append(String.format(Locale.ROOT, "| of which the JIT compilers of the JVMs above | %.1f |%n", c.jitMsPerLogout()));
        md.append(String.format(Locale.ROOT, "%nThe machine was busy on **%.2f** of its %d cores while logouts ran one "
                + "at a time: a logout's processes wait for a core, so its latency is bounded by its CPU ÷ the cores "
                + "(here %.1f ms), whatever the Kafka hops' floors are.%n%n", c.cores(),
                Runtime.getRuntime().availableProcessors(),
                c.msPerLogout().get(LogoutCpu.MACHINE) / Runtime.getRuntime().availableProcessors()));
        return md.toString();
    }

    /** Where the same logins' and logouts' time went, hop by hop, and one bare Kafka hop beside it. */
    static String hopsSection(EventHops hops, KafkaFloor.Result floor) {
        StringBuilder md = new StringBuilder("### Hop by hop\n\n");
        md.append("The same logins and logouts, split by what a consumer beside the projector saw of each one's event "
                + "(`read_committed`, as the projector reads): the CloudEvent time the auth-service stamped, each "
                + "record's timestamp (its producer's send: the outbox relay, then the projector once Redis applied the "
                + "revocation) and when the record became readable. The hops of a request add up to its answer. A "
                + "record timestamp has millisecond resolution, so the hop before it can read up to 1 ms short and the "
                + "one after up to 1 ms long.\n\n");
        md.append("| request | hop | p50 ms | p99 ms | max ms |\n| --- | --- | ---: | ---: | ---: |\n");
        hops.login().forEach((hop, d) -> md.append(hopRow("login", hop, d)));
        hops.logout().forEach((hop, d) -> md.append(hopRow("logout", hop, d)));
        md.append(hopRow("logout", "**stamped → applied in Redis** (broadcast sent)", hops.commitToApplied()));
        md.append(hopRow("floor", "bare Kafka hop, `acks=all`, idempotent", floor.plain()));
        md.append(hopRow("floor", "bare Kafka hop in a transaction, `read_committed`", floor.transactional()));
        md.append("\nThe floor: a producer and a consumer in the benchmark's JVM on the same broker, one 200-byte record "
                + "at a time, send → the consumer's poll returns it. A logout crosses Kafka twice before it is "
                + "answered (the relay's transaction, the projector's broadcast), and the app instances' receipts once "
                + "more through Redis. Target: outbox commit → applied in Redis p50 ≤ 8 ms, p99 ≤ 30 ms.\n\n");
        return md.toString();
    }

    private static String hopRow(String request, String hop, Distribution d) {
        return String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", request, hop, d.p50Ms(), d.p99Ms(), d.maxMs());
    }

    /** An app instance's start, alone. */
    static String appStartSection(Distribution start) {
        return "## App instance start\n\n"
                + "One app-demo instance stopped and started again while the rest of the stack runs (warm disk, default "
                + "JVM options): from the start of its process to its first ready answer, which waits for its "
                + "invalidation consumer to catch up, so the instance trusts its near cache.\n\n"
                + "| what | samples | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |\n"
                + row("process start → ready", start)
                + String.format(Locale.ROOT, "%nStart → ready p50 **%.0f ms** (target ≤ 2000 ms).%n%n", start.p50Ms());
    }

    /** Projector throughput, without and with batching. */
    static String projectorSection(List<ProjectorThroughput.ProjectorResult> runs) {
        StringBuilder md = new StringBuilder("## Projector throughput\n\n");
        md.append("The session-projector jar in its own JVM, as devstack runs it, on a fresh topic filled beforehand "
                + "(not timed) with a mix of events of many users; events/s applied to Redis (each event one fenced Lua "
                + "script, its invalidation published and acknowledged before the batch's offsets are committed). "
                + String.format(Locale.ROOT, "The clock starts once %.0f %% of the events are applied: the projector is a "
                + "fresh JVM, and in a run of seconds its JIT compiler takes as much CPU as the projection itself; the "
                + "rate from the first record is in the last column.%n%n", 100 * ProjectorThroughput.WARMUP_SHARE));
        md.append("| max-batch | events | partitions | events/s (warm) | events/s (from the first) "
                + "| CPU µs/event: projector | Redis | broker | machine | cores busy |\n"
                + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (ProjectorThroughput.ProjectorResult p : runs) {
            md.append(String.format(Locale.ROOT, "| %d%s | %,d | %d | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %.2f |%n",
                    p.maxBatch(), p.maxBatch() == 1 ? " (no batching)" : "", p.events(), p.partitions(),
                    p.eventsPerSecond(), p.coldEventsPerSecond(), p.cpu().projectorMicros(), p.cpu().redisMicros(),
                    p.cpu().brokerMicros(), p.cpu().machineMicros(), p.cpu().cores()));
        }
        md.append("\nCPU per event over the measured time (warm), by process: the projector's JVM, Redis (`INFO cpu`), "
                + "the benchmark's JVM (which hosts the broker) and the whole machine (`/proc/stat`, every process). "
                + "Where the machine is busy on every core, events/s cannot exceed its cores ÷ the machine's CPU per "
                + "event.\n");
        if (!runs.isEmpty()) {
            md.append("\nEvent mix: ").append(runs.get(runs.size() - 1).mix()).append(". Target: ≥ 50,000 events/s.\n\n");
        }
        runs.stream().filter(p -> p.rebuildSeconds() > 0).forEach(p -> md.append(String.format(Locale.ROOT,
                "**Rebuild** of the projection from the same %,d events, once the projector has stopped (the projector's "
                        + "`rebuild` command, as `./admin` and the launcher run it; process start → exit, its JVM's start "
                        + "included): **%.1f s** (%,.0f events/s). Target for 1M events: ≤ 30 s.%n%n",
                p.events(), p.rebuildSeconds(), p.events() / p.rebuildSeconds())));
        return md.toString();
    }

    /** Revocation lag by instance count, and the chart. */
    static String lagSection(List<LagResult> lags) {
        StringBuilder md = new StringBuilder("## Revocation lag\n\n");
        md.append("Per logout: from the logout response until every app-demo instance (a process each, near cache on) "
                + "rejects the token, probing all instances at once; \"each\" counts every (logout, instance) pair. "
                + "Meanwhile a paced background load of `/api/me` with other sessions runs over all instances. "
                + "Stale: still accepting 5 s after the response (counted as 5 s). The auth-service answers a logout "
                + "only once its own copy of the broadcast is back, so a lag of 0 (the first probe is already "
                + "rejected) is common; \"from request\" adds the logout's own latency: commit to every near cache.\n\n");
        md.append("| instances | logouts | logout answered p50 ms | p99 ms | every instance p50 ms | p99 ms | max ms | "
                + "from request p50 ms | p99 ms | each p50 ms | each p99 ms | stale | background requests/s | app JVM options |\n"
                + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (LagResult l : lags) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.2f | %.2f | %.2f | %.1f | %.1f | %.2f | %.2f | %d | %,.0f | `%s` |%n",
                    l.instances(), l.rounds(), l.logout().p50Ms(), l.logout().p99Ms(), l.everyInstance().p50Ms(),
                    l.everyInstance().p99Ms(),
                    l.everyInstance().maxMs(), l.fromRequest().p50Ms(), l.fromRequest().p99Ms(),
                    l.eachInstance().p50Ms(), l.eachInstance().p99Ms(), l.staleAfter5s(),
                    l.background().requestsPerSecond(), String.join(" ", l.appJvmOptions())));
        }
        md.append("\nThe logout answers once every live instance has applied the revocation (receipts), so \"every "
                + "instance\" is 0 by construction unless an instance left the membership. Targets with 3 instances: "
                + "logout answered p99 ≤ 50 ms; every instance p50 ≤ 10 ms, p99 ≤ 50 ms, max ≤ 250 ms. Every lag is in `")
                .append(JSON).append("` (`lag[].lagsMs[round][instance]`, and each logout's own latency in `lag[].logoutMs[round]`).\n\n");
        md.append("![revocation lag, cumulative](").append(LAG_CHART).append(")\n\n");
        return md.toString();
    }

    /** The push channel to open pages, by instance count. */
    static String pushSection(List<PushLatency.PushResult> runs) {
        StringBuilder md = new StringBuilder("## Push to open pages\n\n");
        md.append("On the revocation-lag stacks, after their load: per logout, a page of the session is open "
                + "(`GET /api/session/events`, server-sent events) on an instance other than the one the logout goes "
                + "through; the time from the logout request until the page reads `signed-out`, and how often it read it "
                + "before the logout's own answer arrived. Then pages held open on one instance: its heap and direct "
                + "memory after a full GC with and without them, per page, and one \"log out everywhere\" of their "
                + "user with the time until each page is told.\n\n");
        md.append("| instances | logouts | request → page told p50 ms | p99 ms | max ms | told before the answer | "
                + "open pages | heap bytes/page | direct bytes/page | everywhere → each page p50 ms | p99 ms | told |\n"
                + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (PushLatency.PushResult p : runs) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %d of %d | %,d | %,.0f | %,.0f | %.1f | "
                    + "%.1f | %d of %d |%n", p.instances(), p.rounds(), p.requestToPage().p50Ms(),
                    p.requestToPage().p99Ms(), p.requestToPage().maxMs(), p.toldBeforeAnswer(), p.rounds(),
                    p.openPages(), p.heapBytesPerPage(), p.directBytesPerPage(), p.fanOut().p50Ms(), p.fanOut().p99Ms(),
                    p.pagesTold(), p.openPages()));
        }
        md.append("\nTarget: an open page signs out within 1 s of the answer (aim: 100 ms).\n\n");
        return md.toString();
    }

    private static String row(String what, Distribution d) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", what, d.samples(), d.p50Ms(), d.p99Ms(),
                d.maxMs());
    }

    /** A white image with antialiasing, a bold title at the top left and the plain font set for what follows. */
    static Graphics2D canvas(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.DARK_GRAY);
        g.drawString(title, 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return g;
    }

    static Color series(int i) {
        return SERIES[i % SERIES.length];
    }

    private static void chart(List<LoadResult> runs, Path file) throws IOException {
        int width = 640;
        int rowHeight = 48;
        int left = 120;
        int height = 40 + rowHeight * runs.size();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, "Validation throughput (requests/s)");
        double max = runs.stream().mapToDouble(LoadResult::requestsPerSecond).max().orElse(1);
        for (int i = 0; i < runs.size(); i++) {
            LoadResult run = runs.get(i);
            int y = 36 + i * rowHeight;
            int bar = (int) ((width - left - 110) * run.requestsPerSecond() / max);
            g.setColor(SERIES[i % SERIES.length]);
            g.fillRect(left, y, Math.max(bar, 1), rowHeight - 14);
            g.setColor(Color.BLACK);
            g.drawString(run.mode(), 10, y + rowHeight / 2);
            g.drawString(String.format(Locale.ROOT, "%,.0f", run.requestsPerSecond()), left + bar + 8, y + rowHeight / 2);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}

package io.sessionstream.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An HTTP/1.1 load generator: each of N threads holds one keep-alive connection. Three ways to pace it:
 * <ul>
 *   <li>a closed loop ({@link #run}): the next request as soon as the previous answer is read, for the maximum
 *       throughput;</li>
 *   <li>a fixed rate ({@link #runAtRate}): every connection sends on its own fixed schedule whatever the server does,
 *       for the latency at a given load;</li>
 *   <li>a paced background load ({@link #start}): no sooner than an interval after the previous send, so a slow
 *       server gets fewer; it is load for another measurement, not measured for its own sake.</li>
 * </ul>
 * Warm-up first (not recorded), then a measured period whose latencies go into one HdrHistogram per thread.
 *
 * <p>Blocking sockets with hand-written request bytes and a minimal response parser keep the
 * generator's own CPU cost low: on a 2-core machine it competes with the server it measures.
 */
final class LoadGenerator {

    private static final long HIGHEST_MICROS = Duration.ofSeconds(60).toNanos() / 1000;

    private LoadGenerator() {
    }

    /** One closed-loop run: {@code path} on {@code baseUrl}, the i-th connection sending {@code tokens[i % n]} (or none). */
    static LoadResult run(String mode, String baseUrl, String path, List<String> tokens, int connections,
                          Duration warmup, Duration measure) {
        return measured(mode, baseUrl, path, tokens, connections, Pacing.CLOSED_LOOP, warmup, measure);
    }

    /**
     * One run at a fixed rate: {@code connections} connections to {@code baseUrl} together send
     * {@code requestsPerSecond}, each on its own schedule of {@code start + (k / connections + i) × interval} (connection
     * k, its i-th request; the connections staggered so that their sends do not bunch).
     *
     * <p>Without coordinated omission: a late answer delays the connection's next send but not its intended time, and
     * every latency is recorded from the request's <em>intended</em> send time, not its actual send. A stall of the
     * server therefore counts for every request it held back, as a user arriving at that rate would see it, instead of
     * once. For the same reason every request intended in the measured period is sent and recorded, even when the
     * server is behind at its end: {@code requests} is the rate × the measured period, and the run overruns by as
     * much as the server is behind.
     */
    static LoadResult runAtRate(String mode, String baseUrl, String path, List<String> tokens, int connections,
                                double requestsPerSecond, Duration warmup, Duration measure) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException(mode + ": a fixed rate needs requests/s above 0, not " + requestsPerSecond);
        }
        Pacing pacing = Pacing.fixedRate(System.nanoTime(), (long) (connections * 1e9 / requestsPerSecond));
        return measured(mode, baseUrl, path, tokens, connections, pacing, warmup, measure);
    }

    private static LoadResult measured(String mode, String baseUrl, String path, List<String> tokens, int connections,
                                       Pacing pacing, Duration warmup, Duration measure) {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        Load load = new Load(mode, path, List.of(baseUrl), tokens, connections, pacing, measureFrom,
                measureFrom + measure.toNanos());
        return load.join(measure.toNanos() / 1e9);
    }

    /**
     * Starts a paced background load that runs until {@link Background#stop()}: one connection per
     * base URL, together sending about {@code requestsPerSecond} (each connection waits for its
     * answer, so a slow server gets fewer). Recorded from the start, without warm-up.
     */
    static Background start(String mode, List<String> baseUrls, String path, List<String> tokens,
                            double requestsPerSecond) {
        long interval = (long) (baseUrls.size() * 1e9 / requestsPerSecond);
        long start = System.nanoTime();
        return new Background(start, new Load(mode, path, baseUrls, tokens, baseUrls.size(), Pacing.background(interval),
                start, Long.MAX_VALUE));
    }

    /** A running background load. */
    static final class Background {

        private final long start;
        private final Load load;

        private Background(long start, Load load) {
            this.start = start;
            this.load = load;
        }

        /** Stops every connection after its current request; the figures of the whole run. */
        LoadResult stop() {
            long stop = System.nanoTime();
            load.until.set(stop);
            return load.join((stop - start) / 1e9);
        }
    }

    /**
     * How a connection spaces its requests.
     *
     * @param intervalNanos between one connection's sends; 0: as soon as the previous answer is read
     * @param fixed         a fixed schedule from {@code start}, latencies from each request's intended send time;
     *                      otherwise no sooner than the interval after the previous send, latencies from the send
     * @param start         the fixed schedule's start ({@link System#nanoTime()}); unused otherwise
     */
    private record Pacing(long intervalNanos, boolean fixed, long start) {

        static final Pacing CLOSED_LOOP = new Pacing(0, false, 0);

        static Pacing background(long intervalNanos) {
            return new Pacing(intervalNanos, false, 0);
        }

        static Pacing fixedRate(long start, long intervalNanos) {
            return new Pacing(intervalNanos, true, start);
        }

        /** Connection {@code k} of {@code n}'s first intended send on a fixed schedule. */
        long firstSend(int k, int n) {
            return start + intervalNanos * k / n;
        }
    }

    /** Connection threads over one or more servers, running until {@link #until}. */
    private static final class Load {

        private final String mode;
        private final String path;
        private final AtomicLong until;
        private final List<Worker> workers = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        Load(String mode, String path, List<String> baseUrls, List<String> tokens, int connections,
             Pacing pacing, long measureFrom, long measureUntil) {
            this.mode = mode;
            this.path = path;
            this.until = new AtomicLong(measureUntil);
            for (int i = 0; i < connections; i++) {
                URI uri = URI.create(baseUrls.get(i % baseUrls.size()));
                String token = tokens.isEmpty() ? null : tokens.get(i % tokens.size());
                Worker w = new Worker(uri.getHost(), uri.getPort(), request(uri, path, token), pacing,
                        pacing.firstSend(i, connections));
                workers.add(w);
                Thread t = new Thread(() -> w.loop(measureFrom, until), "load-" + mode + "-" + i);
                t.start();
                threads.add(t);
            }
        }

        LoadResult join(double measuredSeconds) {
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during the " + mode + " load run", e);
                }
            }
            Histogram all = new Histogram(HIGHEST_MICROS, 3);
            long errors = 0;
            for (Worker w : workers) {
                if (w.failure != null) {
                    throw new IllegalStateException(mode + ": a connection failed", w.failure);
                }
                all.add(w.histogram);
                errors += w.errors;
            }
            return new LoadResult(mode, path, workers.size(), all.getTotalCount(), errors,
                    all.getTotalCount() / measuredSeconds, all.getValueAtPercentile(50), all.getValueAtPercentile(99),
                    all.getValueAtPercentile(99.9), all.getMaxValue());
        }
    }

    private static byte[] request(URI uri, String path, String token) {
        StringBuilder r = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(uri.getHost()).append(':').append(uri.getPort()).append("\r\nAccept: application/json\r\n");
        if (token != null) {
            r.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        return r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One connection's loop and its own histogram (no sharing between threads while measuring). */
    private static final class Worker {

        private final String host;
        private final int port;
        private final byte[] request;
        private final Pacing pacing;
        private final long firstSend;
        private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int limit;
        private long errors;
        private Exception failure;

        Worker(String host, int port, byte[] request, Pacing pacing, long firstSend) {
            this.host = host;
            this.port = port;
            this.request = request;
            this.pacing = pacing;
            this.firstSend = firstSend;
        }

        /**
         * Sends while the next send is due before {@code until}, as {@link #pacing} spaces them; records what was sent
         * from {@code measureFrom} on (by its intended time on a fixed schedule, else by its send).
         */
        void loop(long measureFrom, AtomicLong until) {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 2000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                long nextSend = pacing.fixed() ? firstSend : System.nanoTime();
                while (nextSend < until.get()) {
                    long now = System.nanoTime();
                    while (now < nextSend) {
                        LockSupport.parkNanos(nextSend - now);
                        now = System.nanoTime();
                    }
                    out.write(request);
                    out.flush();
                    int status = readResponse(in);
                    long end = System.nanoTime();
                    long from = pacing.fixed() ? nextSend : now;
                    if (from >= measureFrom) {
                        histogram.recordValue(Math.min(HIGHEST_MICROS, (end - from) / 1000));
                        if (status != 200) {
                            errors++;
                        }
                    }
                    nextSend = pacing.fixed() ? nextSend + pacing.intervalNanos()
                            : Math.max(now + pacing.intervalNanos(), end);
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }

        /** Reads one response (Content-Length or chunked body), returns its status. */
        private int readResponse(InputStream in) throws IOException {
            String statusLine = readLine(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Long.parseLong(line.substring(15).trim());
                } else if (line.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
                    chunked = line.toLowerCase().contains("chunked");
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine(in).trim(), 16); size > 0;
                     size = Long.parseLong(readLine(in).trim(), 16)) {
                    skip(in, size);
                    readLine(in);
                }
                readLine(in);
            } else if (length > 0) {
                skip(in, length);
            } else if (length < 0) {
                throw new IOException("response without Content-Length or chunked body: " + statusLine);
            }
            return status;
        }

        private String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                if (pos == limit) {
                    fill(in);
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int n = line.length();
                    return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
                }
                line.append((char) b);
            }
        }

        private void skip(InputStream in, long n) throws IOException {
            while (n > 0) {
                if (pos == limit) {
                    fill(in);
                }
                int step = (int) Math.min(n, limit - pos);
                pos += step;
                n -= step;
            }
        }

        private void fill(InputStream in) throws IOException {
            int n = in.read(buf);
            if (n < 0) {
                throw new UncheckedIOException(new IOException("server closed the connection"));
            }
            pos = 0;
            limit = n;
        }
    }
}

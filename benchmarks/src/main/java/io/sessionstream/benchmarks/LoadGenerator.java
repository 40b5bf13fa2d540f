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
 * A closed-loop HTTP/1.1 load generator: each of N threads holds one keep-alive connection
 * and sends its next request as soon as the previous answer is read (or, for a paced background
 * load, no sooner than its interval after the previous send). Warm-up first (not
 * recorded), then a measured period whose latencies go into one HdrHistogram per thread.
 *
 * <p>Blocking sockets with hand-written request bytes and a minimal response parser keep the
 * generator's own CPU cost low: on a 2-core machine it competes with the server it measures.
 */
final class LoadGenerator {

    private static final long HIGHEST_MICROS = Duration.ofSeconds(60).toNanos() / 1000;

    private LoadGenerator() {
    }

    /** One load run: {@code path} on {@code baseUrl}, the i-th connection sending {@code tokens[i % n]} (or none). */
    static LoadResult run(String mode, String baseUrl, String path, List<String> tokens, int connections,
                          Duration warmup, Duration measure) {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        Load load = new Load(mode, path, List.of(baseUrl), tokens, connections, 0, measureFrom,
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
        return new Background(start, new Load(mode, path, baseUrls, tokens, baseUrls.size(), interval, start,
                Long.MAX_VALUE));
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

    /** Connection threads over one or more servers, running until {@link #until}. */
    private static final class Load {

        private final String mode;
        private final String path;
        private final AtomicLong until;
        private final List<Worker> workers = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        Load(String mode, String path, List<String> baseUrls, List<String> tokens, int connections,
             long intervalNanos, long measureFrom, long measureUntil) {
            this.mode = mode;
            this.path = path;
            this.until = new AtomicLong(measureUntil);
            for (int i = 0; i < connections; i++) {
                URI uri = URI.create(baseUrls.get(i % baseUrls.size()));
                String token = tokens.isEmpty() ? null : tokens.get(i % tokens.size());
                Worker w = new Worker(uri.getHost(), uri.getPort(), request(uri, path, token), intervalNanos);
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
        private final long intervalNanos;
        private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int limit;
        private long errors;
        private Exception failure;

        Worker(String host, int port, byte[] request, long intervalNanos) {
            this.host = host;
            this.port = port;
            this.request = request;
            this.intervalNanos = intervalNanos;
        }

        /** Sends until {@code until}; with an interval, no sooner than one interval after the previous send. */
        void loop(long measureFrom, AtomicLong until) {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 2000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                long now = System.nanoTime();
                long nextSend = now;
                while (now < until.get()) {
                    if (nextSend > now) {
                        LockSupport.parkNanos(nextSend - now);
                        now = System.nanoTime();
                    }
                    out.write(request);
                    out.flush();
                    int status = readResponse(in);
                    long end = System.nanoTime();
                    if (now >= measureFrom) {
                        histogram.recordValue(Math.min(HIGHEST_MICROS, (end - now) / 1000));
                        if (status != 200) {
                            errors++;
                        }
                    }
                    nextSend = Math.max(now + intervalNanos, end);
                    now = end;
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

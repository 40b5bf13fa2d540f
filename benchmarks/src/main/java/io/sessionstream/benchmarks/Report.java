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

/** Writes a run's {@code results.json}, {@code report.md} and {@code throughput.png}. */
final class Report {

    static final String JSON = "results.json";
    static final String MARKDOWN = "report.md";
    static final String CHART = "throughput.png";

    private Report() {
    }

    static void write(Results r, Path dir) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON).toFile(), r);
            Files.writeString(dir.resolve(MARKDOWN), markdown(r));
            chart(r.validation(), dir.resolve(CHART));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    /** The validation table, also pasted into the README. */
    static String validationTable(Results r) {
        double noAuth = r.validation().get(0).requestsPerSecond();
        StringBuilder md = new StringBuilder("| mode | endpoint | requests/s | × no-auth | p50 µs | p99 µs | p99.9 µs | errors |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (LoadResult l : r.validation()) {
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %,.0f | %.2f | %d | %d | %d | %d |%n", l.mode(),
                    l.endpoint(), l.requestsPerSecond(), l.requestsPerSecond() / noAuth, l.p50Micros(), l.p99Micros(),
                    l.p999Micros(), l.errors()));
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
        md.append(String.format(Locale.ROOT, "Closed loop, %d keep-alive connections, %d s warm-up, %.0f s measured per mode; "
                + "the load generator runs on the same cores as the server.%n%n", o.connections(), o.warmupSeconds(),
                o.measureSeconds()));
        md.append(validationTable(r)).append('\n');
        md.append(String.format(Locale.ROOT, "Near cache / no-auth = **%.2f** (target ≥ 0.95); near cache / Redis = **%.2f** "
                + "(target ≥ 2).%n%n", r.ratios().nearCacheToNoAuth(), r.ratios().nearCacheToRedis()));
        md.append("![requests/s by mode](").append(CHART).append(")\n\n");
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
        md.append(String.format(Locale.ROOT, "| Redis user index `u:<uid>` | %d | `MEMORY USAGE`, one session in it |%n",
                mem.redisUserIndexBytes()));
        return md.toString();
    }

    private static void chart(List<LoadResult> runs, Path file) throws IOException {
        int width = 640;
        int rowHeight = 48;
        int left = 120;
        int height = 40 + rowHeight * runs.size();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.DARK_GRAY);
        g.drawString("Validation throughput (requests/s)", 10, 22);
        double max = runs.stream().mapToDouble(LoadResult::requestsPerSecond).max().orElse(1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        Color[] colors = {new Color(0x9e9e9e), new Color(0x2e7d32), new Color(0xc62828)};
        for (int i = 0; i < runs.size(); i++) {
            LoadResult run = runs.get(i);
            int y = 36 + i * rowHeight;
            int bar = (int) ((width - left - 110) * run.requestsPerSecond() / max);
            g.setColor(colors[i % colors.length]);
            g.fillRect(left, y, Math.max(bar, 1), rowHeight - 14);
            g.setColor(Color.BLACK);
            g.drawString(run.mode(), 10, y + rowHeight / 2);
            g.drawString(String.format(Locale.ROOT, "%,.0f", run.requestsPerSecond()), left + bar + 8, y + rowHeight / 2);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}

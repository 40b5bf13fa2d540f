package io.sessionstream.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code revocation-lag.png}: for each instance count, the cumulative share of logouts after which
 * every instance rejected the token, against the time from the logout response (solid) and from the
 * logout request (dashed). The x axis ends a little past the largest p99, so that one slow outlier
 * does not flatten every curve; the maxima are in the report's table.
 */
final class LagChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 56;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 44;

    private LagChart() {
    }

    static void write(List<LagResult> lags, Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Report.canvas(image, "Revocation lag CDF (solid: from logout response, dashed: from request)");
        double xMax = Math.max(1, 1.25 * lags.stream()
                .mapToDouble(l -> Math.max(l.everyInstance().p99Ms(), l.fromRequest().p99Ms())).max().orElse(1));
        axes(g, xMax);
        for (int i = 0; i < lags.size(); i++) {
            LagResult lag = lags.get(i);
            g.setColor(Report.series(i + 3));
            g.setStroke(new BasicStroke(2f));
            curve(g, sorted(lag.everyInstanceMs(false)), xMax);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            curve(g, sorted(lag.everyInstanceMs(true)), xMax);
            g.drawString(lag.instances() + " instances", WIDTH - RIGHT - 110, HEIGHT - BOTTOM - 14 - 18 * i);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** A step curve: after the k-th smallest lag, k/n of the logouts are done. */
    private static void curve(Graphics2D g, double[] sorted, double xMax) {
        int prevX = x(0, xMax);
        int prevY = y(0);
        for (int k = 0; k < sorted.length; k++) {
            int px = x(Math.min(sorted[k], xMax), xMax);
            int py = y((k + 1) / (double) sorted.length);
            g.drawLine(prevX, prevY, px, prevY);
            g.drawLine(px, prevY, px, py);
            prevX = px;
            prevY = py;
        }
        g.drawLine(prevX, prevY, x(xMax, xMax), prevY);
    }

    private static void axes(Graphics2D g, double xMax) {
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, y(0), x(xMax, xMax), y(0));
        g.drawLine(LEFT, y(0), LEFT, y(1));
        for (int i = 0; i <= 4; i++) {
            double share = i / 4.0;
            g.drawString(String.format(Locale.ROOT, "%.0f%%", 100 * share), 12, y(share) + 5);
            double ms = xMax * i / 4;
            g.drawString(i == 0 ? "0" : String.format(Locale.ROOT, ms < 1 ? "%.2f" : ms < 10 ? "%.1f" : "%.0f", ms), x(ms, xMax) - 10, y(0) + 18);
        }
        g.drawString("ms from the logout response / request", WIDTH / 2 - 110, HEIGHT - 8);
    }

    private static int x(double ms, double xMax) {
        return LEFT + (int) ((WIDTH - LEFT - RIGHT) * ms / xMax);
    }

    private static int y(double share) {
        return HEIGHT - BOTTOM - (int) ((HEIGHT - TOP - BOTTOM) * share);
    }
}

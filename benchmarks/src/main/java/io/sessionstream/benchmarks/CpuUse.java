package io.sessionstream.benchmarks;

import io.lettuce.core.api.sync.RedisCommands;
import io.sessionstream.devstack.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the cores went while the projector ran, in CPU microseconds per event: the projector's process, Redis (its
 * {@code INFO cpu}: every thread of the server), this JVM (which hosts the embedded broker the projector reads from and
 * publishes to, and the benchmark's own polling), and the whole machine ({@code /proc/stat}: every process, the
 * others included). On two cores, the events/s a projector can reach is bounded by 2 s ÷ the machine's CPU per event.
 *
 * @param projectorMicros CPU µs per event of the projector's JVM
 * @param redisMicros     CPU µs per event of Redis
 * @param brokerMicros    CPU µs per event of the benchmark's JVM: the broker, and the polling of the committed offsets
 * @param machineMicros   CPU µs per event of the whole machine
 * @param cores           the machine's busy cores over the measured time (at most its processor count)
 */
record CpuUse(double projectorMicros, double redisMicros, double brokerMicros, double machineMicros, double cores) {

    /** /proc/stat counts in USER_HZ, which is 100 on every Linux the JDK runs on. */
    private static final double NANOS_PER_TICK = 1e9 / 100;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The counters at one instant; {@link #since} turns two of them into a {@link CpuUse}. */
    record Snapshot(long wallNanos, long projectorNanos, long redisNanos, long brokerNanos, long machineBusyNanos) {

        static Snapshot take(ServiceProcess projector, RedisCommands<String, String> redis) {
            return new Snapshot(System.nanoTime(), projector.cpuTime().toNanos(), CpuUse.redisCpuNanos(redis.info("cpu")),
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime(), CpuUse.machineBusyNanos(readProcStat()));
        }

        /** What was used from {@code start} to this snapshot, per event of {@code events}. */
        CpuUse since(Snapshot start, long events) {
            double n = Math.max(1, events) * 1000.0;
            return new CpuUse((projectorNanos - start.projectorNanos) / n, (redisNanos - start.redisNanos) / n,
                    (brokerNanos - start.brokerNanos) / n, (machineBusyNanos - start.machineBusyNanos) / n,
                    (machineBusyNanos - start.machineBusyNanos) / (double) Math.max(1, wallNanos - start.wallNanos));
        }
    }

    /** {@code used_cpu_sys + used_cpu_user} (seconds, every thread of the server) from {@code INFO cpu}. */
    static long redisCpuNanos(String info) {
        double seconds = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return Math.round(seconds * 1e9);
    }

    /**
     * The machine's busy time since boot from the first line of {@code /proc/stat} ({@code cpu user nice system idle
     * iowait irq softirq steal ...}): user to softirq but idle and iowait. Steal is time the hypervisor gave to
     * another machine, and guest time is counted in user already.
     */
    static long machineBusyNanos(String procStat) {
        String first = procStat.lines().findFirst().orElseThrow(() -> new IllegalStateException("/proc/stat is empty"));
        long[] ticks = Arrays.stream(first.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
        long busy = 0;
        for (int i = 0; i < Math.min(ticks.length, 7); i++) {
            if (i != 3 && i != 4) {
                busy += ticks[i];
            }
        }
        return Math.round(busy * NANOS_PER_TICK);
    }

    /** Read as lines: procfs reports a size of 0, which {@code Files.readString} trusts. */
    static String readProcStat() {
        try {
            return String.join("\n", Files.readAllLines(PROC_STAT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_STAT, e);
        }
    }
}

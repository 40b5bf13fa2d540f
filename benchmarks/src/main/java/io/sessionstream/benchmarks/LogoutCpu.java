package io.sessionstream.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessionstream.devstack.ApiClient;
import io.sessionstream.devstack.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * What one logout costs the machine: its sessions logged in first (not measured), then logged out one at a time, and
 * the CPU every process used meanwhile, per logout. A logout wakes about ten processes on two cores (PostgreSQL, the
 * relay, the broker, the projector, Redis, every invalidation consumer); when they need more CPU than the logout's
 * latency × the cores, they wait for a core, and the latency is the CPU ÷ the cores, whatever the hops' floors are.
 * The JIT compilers' share is counted apart: the four JVMs on the path (and this one, which hosts the broker) are
 * still compiling the logout's code hundreds of logouts in.
 *
 * @param logouts     logouts measured
 * @param latency     each logout's answer, client-side (no tap beside it, unlike the hops)
 * @param msPerLogout CPU ms per logout by process: the auth-service, the projector, the app instances (together),
 *                    this JVM (the broker and the HTTP client), Redis ({@code INFO cpu}), PostgreSQL (every
 *                    {@code postgres} process), and the whole machine ({@code /proc/stat})
 * @param jitMsPerLogout CPU ms per logout of the JIT compiler threads of those JVMs ({@code C1/C2 CompilerThread},
 *                       from {@code /proc/<pid>/task}); a compiler thread that ended meanwhile is not counted
 * @param cores       the machine's busy cores over the logouts
 */
record LogoutCpu(int logouts, Distribution latency, Map<String, Double> msPerLogout, double jitMsPerLogout,
                 double cores) {

    static final String MACHINE = "machine";

    static LogoutCpu measure(ApiClient api, BenchStack stack, int logouts, PrintStream out) {
        out.printf("CPU per logout: %d logins, then %d logouts one at a time ...%n", logouts, logouts);
        BenchUser user = BenchUser.register(api, stack.authUrl(), "cpu");
        List<ApiClient.Session> sessions = new ArrayList<>();
        for (int i = 0; i < logouts; i++) {
            sessions.add(api.login(stack.authUrl(), user.email(), user.password()));
        }
        List<ServiceProcess> apps = new ArrayList<>();
        for (int i = 0; i < stack.appUrls().size(); i++) {
            apps.add(stack.app(i));
        }
        RedisClient redisClient = RedisClient.create(stack.redisUri());
        try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            Probe probe = new Probe(stack.authService(), stack.projector(), apps, redis);
            Map<String, Long> before = probe.read();
            long[] answers = new long[logouts];
            for (int i = 0; i < logouts; i++) {
                long start = System.nanoTime();
                api.logout(stack.authUrl(), sessions.get(i).token());
                answers[i] = System.nanoTime() - start;
            }
            Map<String, Long> after = probe.read();
            Map<String, Double> perLogout = new LinkedHashMap<>();
            before.forEach((what, nanos) -> perLogout.put(what, (after.get(what) - nanos) / 1e6 / logouts));
            double jit = perLogout.remove(Probe.JIT);
            double cores = (after.get(MACHINE) - before.get(MACHINE)) / (double) (after.get(Probe.WALL) - before.get(Probe.WALL));
            perLogout.remove(Probe.WALL);
            LogoutCpu r = new LogoutCpu(logouts, Distribution.of(answers), perLogout, jit, cores);
            out.printf("  logout p50 %.1f ms; CPU per logout %.1f ms (machine), of which JIT %.1f ms; %.2f cores busy%n",
                    r.latency().p50Ms(), perLogout.get(MACHINE), jit, cores);
            return r;
        } finally {
            redisClient.shutdown();
        }
    }

    /** The CPU counters, read together. */
    private record Probe(ServiceProcess auth, ServiceProcess projector, List<ServiceProcess> apps,
                         StatefulRedisConnection<String, String> redis) {

        static final String JIT = "jit";
        static final String WALL = "wall";
        /** /proc counts in USER_HZ, which is 100 on every Linux the JDK runs on. */
        private static final long NANOS_PER_TICK = 10_000_000;

        Map<String, Long> read() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("auth-service", auth.cpuTime().toNanos());
            m.put("session-projector", projector.cpuTime().toNanos());
            m.put("app instances", apps.stream().mapToLong(a -> a.cpuTime().toNanos()).sum());
            m.put("benchmark JVM (broker, client)", ((com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
            m.put("Redis", CpuUse.redisCpuNanos(redis.sync().info("cpu")));
            m.put("PostgreSQL", ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .mapToLong(p -> p.info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L)).sum());
            m.put(MACHINE, CpuUse.machineBusyNanos(CpuUse.readProcStat()));
            ToLongFunction<Long> jit = LogoutCpu.Probe::compilerNanos;
            m.put(JIT, Stream.concat(Stream.of(auth.pid(), projector.pid(), ProcessHandle.current().pid()),
                    apps.stream().map(ServiceProcess::pid)).mapToLong(jit).sum());
            m.put(WALL, System.nanoTime());
            return m;
        }

        /** utime + stime of the JIT compiler threads of one process. */
        static long compilerNanos(long pid) {
            long ticks = 0;
            try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = String.join("\n", Files.readAllLines(task.resolve("stat")));
                    } catch (IOException e) {
                        continue; // the thread ended
                    }
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                }
            } catch (IOException e) {
                return 0; // the process ended
            }
            return ticks * NANOS_PER_TICK;
        }

    }
}

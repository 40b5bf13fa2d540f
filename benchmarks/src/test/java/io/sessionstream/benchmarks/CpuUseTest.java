package io.sessionstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    @Test
    void redisCpuIsTheSumOfSystemAndUserTimeOfTheServer() {
        String info = "# CPU\r\nused_cpu_sys:2.901962\r\nused_cpu_user:66.985911\r\nused_cpu_sys_children:0.000000\r\n"
                + "used_cpu_user_children:0.000000\r\nused_cpu_sys_main_thread:2.864095\r\n";
        assertThat(CpuUse.redisCpuNanos(info)).isEqualTo(69_887_873_000L);
    }

    @Test
    void theMachineIsBusyInUserToSoftirqButIdleAndIowait() {
        String stat = "cpu  100 5 50 1000 30 2 3 7 4 0\ncpu0 50 2 25 500 15 1 1 0 0 0\n";
        assertThat(CpuUse.machineBusyNanos(stat)).as("steal and guest time are not this machine's work")
                .isEqualTo((100 + 5 + 50 + 2 + 3) * 10_000_000L);
    }

    @Test
    void theRealProcStatParses() throws Exception {
        String stat = String.join("\n", Files.readAllLines(Path.of("/proc/stat")));
        assertThat(CpuUse.machineBusyNanos(stat)).isPositive();
    }

    @Test
    void usePerEventIsTheDifferenceOverTheEvents() {
        CpuUse.Snapshot start = new CpuUse.Snapshot(0, 1_000_000, 2_000_000, 0, 10_000_000);
        CpuUse.Snapshot end = new CpuUse.Snapshot(1_000_000_000, 41_000_000, 22_000_000, 10_000_000, 1_510_000_000);
        CpuUse used = end.since(start, 1_000);
        assertThat(used.projectorMicros()).isCloseTo(40.0, within(1e-9));
        assertThat(used.redisMicros()).isCloseTo(20.0, within(1e-9));
        assertThat(used.brokerMicros()).isCloseTo(10.0, within(1e-9));
        assertThat(used.machineMicros()).isCloseTo(1_500.0, within(1e-9));
        assertThat(used.cores()).isCloseTo(1.5, within(1e-9));
    }
}

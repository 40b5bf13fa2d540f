package io.sessionstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The careless operator's {@code kill -9}: a JVM that started processes dies without ending them. Here that JVM is a
 * real one ({@link Parent}), its process a real {@code sleep}, and the kill a real SIGKILL.
 */
class ReaperIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private Process parent;
    private ProcessHandle child;

    @AfterEach
    void cleanUp() {
        if (parent != null) {
            parent.destroyForcibly();
        }
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void aJvmKilledWithSigkill_doesNotLeaveItsProcessesRunning() throws IOException {
        startParent("run");
        assertThat(child.isAlive()).isTrue();

        parent.destroyForcibly();

        await().atMost(BOUND).until(() -> !child.isAlive());
    }

    @Test
    void aJvmThatEndsItsProcessesItself_leavesTheReaperNothingToDo_andTheReaperEnds() throws IOException {
        ProcessHandle reaper = startParent("end");

        await().atMost(BOUND).until(() -> !parent.isAlive());

        assertThat(child.isAlive()).isFalse();
        await().atMost(BOUND).until(() -> !reaper.isAlive());
    }

    /** Starts {@link Parent}; returns its reaper, once the parent has said which processes it started. */
    private ProcessHandle startParent(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        parent = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Parent.class.getName(),
                mode)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII));
        String[] pids = out.readLine().split(" ");
        child = ProcessHandle.of(Long.parseLong(pids[0])).orElseThrow();
        return ProcessHandle.of(Long.parseLong(pids[1])).orElseThrow();
    }

    /**
     * {@code run}: starts {@code sleep 600}, the reaper, prints both pids, then waits to be killed. {@code end}: the
     * same, then ends its {@code sleep} and exits, as a stack that is closed does.
     */
    static final class Parent {
        public static void main(String[] args) throws Exception {
            Process sleep = new ProcessBuilder("sleep", "600").start();
            Reaper.watchThisJvm();
            System.out.println(sleep.pid() + " " + Reaper.pid().orElseThrow());
            System.out.flush();
            if (args[0].equals("end")) {
                sleep.destroy();
                sleep.waitFor();
                return;
            }
            sleep.waitFor();
        }
    }
}

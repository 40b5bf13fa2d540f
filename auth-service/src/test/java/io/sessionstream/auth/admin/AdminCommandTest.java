package io.sessionstream.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstream.auth.admin.AdminArguments.Command;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The admin command line where it needs no server: parsing, usage, and failing fast on servers that are down. */
class AdminCommandTest {

    /** Nothing listens on the discard port. */
    private static final String DOWN = "127.0.0.1:9";

    @Test
    void parse_takesTheWordsAsCommandAndOperand_andLeavesOptionsToConfiguration() throws Exception {
        assertThat(AdminArguments.parse(new String[] {"-Dx=y", "sessions", "--redis.uri=redis://h:1", "Alice@Example.com"}))
                .isEqualTo(new AdminArguments(Command.SESSIONS, "Alice@Example.com"));
        assertThat(AdminArguments.parse(new String[] {"revoke-all", "3f2c9a1e-0000-4000-8000-000000000000"}))
                .isEqualTo(new AdminArguments(Command.REVOKE_ALL, "3f2c9a1e-0000-4000-8000-000000000000"));
        assertThat(AdminArguments.parse(new String[] {"lag"})).isEqualTo(new AdminArguments(Command.LAG, null));
        assertThat(AdminArguments.parse(new String[] {})).isEqualTo(new AdminArguments(Command.HELP, null));
        assertThat(AdminArguments.parse(new String[] {"revoke", "x", "--help"})).isEqualTo(new AdminArguments(Command.HELP, null));
    }

    @Test
    void parse_rejectsUnknownCommandsAndWrongOperands_sayingWhich() {
        assertThatThrownBy(() -> AdminArguments.parse(new String[] {"revok", "x"}))
                .hasMessage("unknown command: revok");
        assertThatThrownBy(() -> AdminArguments.parse(new String[] {"revoke"}))
                .hasMessage("revoke takes one argument, <session-id>; got none");
        assertThatThrownBy(() -> AdminArguments.parse(new String[] {"sessions", "a", "b"}))
                .hasMessage("sessions takes one argument, <email-or-user-id>; got a b");
        assertThatThrownBy(() -> AdminArguments.parse(new String[] {"lag", "now"}))
                .hasMessage("lag takes no argument, got: now");
        assertThatThrownBy(() -> AdminArguments.parse(new String[] {"rebuild"}))
                .hasMessageContaining("./admin rebuild");
        assertThatThrownBy(() -> AdminArguments.parse(new String[] {"check"}))
                .hasMessageContaining("./admin check");
    }

    @Test
    void help_printsEveryCommandAndTheConfigurationItNeeds_andExits0() {
        Run run = run("help");

        assertThat(run.code).isZero();
        assertThat(run.err).isEmpty();
        Arrays.stream(Command.values()).forEach(c -> assertThat(run.out).contains("  " + c.synopsis() + " "));
        assertThat(run.out).contains("rebuild", "datasources.default.url", "datasources.default.username",
                "datasources.default.password", "redis.uri", "kafka.bootstrap.servers", "sessionstream.admin.publish-wait",
                "jdbc:postgresql://127.0.0.1:5432/sessionstream", "redis://127.0.0.1:6379", "127.0.0.1:9092");
    }

    @Test
    void unknownCommand_saysSo_printsUsage_andExits2() {
        Run run = run("revok", "x");

        assertThat(run.code).isEqualTo(AdminCommand.USAGE);
        assertThat(run.out).isEmpty();
        assertThat(run.err).startsWith("unknown command: revok").contains("usage: ./admin");
    }

    @Test
    void lag_withKafkaDown_failsWithinItsTimeout_sayingWhereItLookedAndWhatToDo() {
        long start = System.nanoTime();
        Run run = run("lag", "--kafka.bootstrap.servers=" + DOWN, "--sessionstream.admin.kafka-timeout=2s",
                "--datasources.default.url=jdbc:postgresql://" + DOWN + "/none");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(run.code).isEqualTo(AdminCommand.FAILED);
        assertThat(run.err).startsWith("lag failed: Kafka at " + DOWN + " did not answer within 2 s")
                .contains("start it, or set kafka.bootstrap.servers");
    }

    @Test
    void sessions_withPostgresDown_failsFast_sayingWhatToDo() {
        long start = System.nanoTime();
        Run run = run("sessions", "alice@example.com", "--datasources.default.url=jdbc:postgresql://" + DOWN + "/none");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(run.code).isEqualTo(AdminCommand.FAILED);
        assertThat(run.err).startsWith("sessions failed: PostgreSQL not usable: ")
                .contains("refused", "are datasources.default.url, .username and .password right?");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AdminCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}

package io.sessionstream.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail server for tests: one {@link EmbeddedMail} per JVM on free ports, started on first use (as
 * {@link TestKafka} starts one broker). Tests isolate themselves by address (a fresh one per user), and
 * await a message with a bound instead of sleeping.
 */
public final class TestMail {

    /** How long a test waits for a message that should come. */
    public static final Duration WAIT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(TestMail.class);
    private static EmbeddedMail server;

    private TestMail() {
    }

    /** The shared server, starting it if needed. */
    public static synchronized EmbeddedMail server() {
        if (server == null) {
            server = EmbeddedMail.start(EmbeddedMail.Ports.ANY);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-mail-stop"));
            LOG.info("Mail for tests: GreenMail SMTP at 127.0.0.1:{}", server.smtpPort());
        }
        return server;
    }

    /** The newest message to {@code address} on the shared server, once there is one (at most {@link #WAIT}). */
    public static ReceivedMail awaitMail(String address) {
        return awaitMail(server(), address);
    }

    /** The newest message to {@code address} on {@code server}, once there is one (at most {@link #WAIT}). */
    public static ReceivedMail awaitMail(EmbeddedMail server, String address) {
        List<ReceivedMail> mails = awaitMails(server, address, 1);
        return mails.get(mails.size() - 1);
    }

    /** The messages to {@code address} on {@code server}, once there are at least {@code count}. */
    public static List<ReceivedMail> awaitMails(EmbeddedMail server, String address, int count) {
        return await("%d message(s) to %s".formatted(count, address)).atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> server.receivedBy(address), mails -> mails.size() >= count);
    }
}

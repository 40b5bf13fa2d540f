package io.sessionstream.auth.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.email.Email;
import io.micronaut.email.EmailSender;
import io.micronaut.email.javamail.sender.SessionProvider;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends mail off the request thread, on a few threads of its own with a bounded queue: a request only
 * enqueues, so it never waits for the SMTP server, and a slow or absent server costs dropped messages (the
 * user can ask again), never blocked requests. Each message is counted in {@code sessionstream.auth.mail}
 * with tags {@code kind} ({@link MailKind}) and {@code outcome}: {@code sent}, {@code failed} (the SMTP
 * server refused it or did not answer in time), {@code dropped} (the queue was full, or the service stopping).
 *
 * <p>Failures are logged at WARN with their cause, never with the message, whose body may hold a reset link.
 */
@Singleton
class MailQueue {

    static final String METER = "sessionstream.auth.mail";
    private static final Logger LOG = LoggerFactory.getLogger(MailQueue.class);
    private static final long DRAIN_SECONDS = 5;

    private final EmailSender<?, ?> sender;
    private final MeterRegistry meters;
    private final String server;
    private final ThreadPoolExecutor executor;

    MailQueue(EmailSender<?, ?> sender, SessionProvider session, MeterRegistry meters, MailConfiguration config) {
        this.sender = sender;
        this.meters = meters;
        this.server = smtpServer(session);
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), task -> {
                    Thread t = new Thread(task, "mail-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    private static String smtpServer(SessionProvider session) {
        var props = session.session().getProperties();
        return props.getOrDefault("mail.smtp.host", "localhost") + ":" + props.getOrDefault("mail.smtp.port", "25");
    }

    /** Queues the message and returns at once; if the queue is full, drops it with a warning instead. */
    void send(MailKind kind, Email.Builder message) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        try {
            executor.execute(() -> deliver(kind, message, mdc));
        } catch (RejectedExecutionException e) {
            count(kind, "dropped");
            LOG.warn("Mail queue full ({} waiting) or stopping: a {} mail was dropped; is the SMTP server at {} slow?",
                    executor.getQueue().size(), kind.tag(), server);
        }
    }

    private void deliver(MailKind kind, Email.Builder message, Map<String, String> mdc) {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            sender.send(message);
            count(kind, "sent");
            LOG.debug("A {} mail was sent", kind.tag());
        } catch (RuntimeException e) {
            count(kind, "failed");
            LOG.warn("A {} mail could not be sent through the SMTP server at {} (javamail.properties.mail.smtp.host/port):"
                    + " {}", kind.tag(), server, e.getMessage(), e);
        } finally {
            MDC.clear();
        }
    }

    private void count(MailKind kind, String outcome) {
        Counter.builder(METER).description("Mail by kind and outcome: sent, failed (SMTP), dropped (queue full)")
                .tag("kind", kind.tag()).tag("outcome", outcome).register(meters).increment();
    }

    /** Gives queued messages a few seconds to go out, then stops. */
    @PreDestroy
    void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{} mails were still queued at shutdown and are dropped", executor.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

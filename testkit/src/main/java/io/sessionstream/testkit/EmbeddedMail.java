package io.sessionstream.testkit;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real mail server inside this JVM: GreenMail's SMTP, POP3 and IMAP servers on 127.0.0.1, from
 * Maven Central. No Docker needed.
 *
 * <p>A mailbox is created for an address when the first message for it arrives. Its user name is the
 * address; authentication is off, so any password opens it: {@code curl pop3://127.0.0.1:<pop3>/1 -u
 * alice@example.com:any} prints the first message. Nothing is kept on disk: {@link #close()} forgets
 * every message.
 *
 * <p>Listeners ({@link #onReceived}) are told of each message as it is delivered, once per recipient.
 */
public final class EmbeddedMail implements AutoCloseable {

    /**
     * The ports to listen on; 0 picks a free one.
     *
     * @param smtp where mail is sent
     * @param pop3 where a mail client (or curl) reads it
     * @param imap the same over IMAP
     */
    public record Ports(int smtp, int pop3, int imap) {

        /** Free ports, for tests. */
        public static final Ports ANY = new Ports(0, 0, 0);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMail.class);
    private static final String HOST = "127.0.0.1";

    private final GreenMail greenMail;
    private final Clock clock;
    private final List<ReceivedMail> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReceivedMail>> listeners = new CopyOnWriteArrayList<>();

    private EmbeddedMail(GreenMail greenMail, Clock clock) {
        this.greenMail = greenMail;
        this.clock = clock;
    }

    /** Starts the three servers on {@code ports}; returns once all accept connections. */
    public static EmbeddedMail start(Ports ports) {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(ports.smtp(), HOST, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(ports.pop3(), HOST, ServerSetup.PROTOCOL_POP3),
                new ServerSetup(ports.imap(), HOST, ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        EmbeddedMail mail = new EmbeddedMail(greenMail, Clock.systemUTC());
        mail.tellOnDelivery(greenMail.getUserManager());
        return mail;
    }

    /** GreenMail's own handler finds (or creates) the recipient's mailbox; this one also tells the listeners. */
    private void tellOnDelivery(UserManager users) {
        MessageDeliveryHandler mailbox = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            var user = mailbox.handle(message, address);
            received(address.getEmail(), message.getMessage());
            return user;
        });
    }

    private void received(String to, MimeMessage message) {
        ReceivedMail mail;
        try {
            mail = new ReceivedMail(to.toLowerCase(Locale.ROOT), String.join(", ", addresses(message)),
                    message.getSubject(), text(message), raw(message), clock.instant());
        } catch (MessagingException | IOException e) {
            LOG.warn("Cannot read a message for {}; it is in the mailbox, but listeners are not told", to, e);
            return;
        }
        received.add(mail);
        for (Consumer<ReceivedMail> listener : listeners) {
            try {
                listener.accept(mail);
            } catch (RuntimeException e) {
                LOG.warn("A mail listener failed on {}", mail, e);
            }
        }
    }

    private static List<String> addresses(MimeMessage message) throws MessagingException {
        List<String> from = new ArrayList<>();
        if (message.getFrom() != null) {
            for (var address : message.getFrom()) {
                from.add(address.toString());
            }
        }
        return from;
    }

    /** The first {@code text/plain} part, depth first; empty if there is none. */
    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = text(child);
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    private static String raw(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Tells {@code listener} of every message received from now on (on the SMTP server's thread). */
    public void onReceived(Consumer<ReceivedMail> listener) {
        listeners.add(listener);
    }

    /** Every message received so far, in arrival order. */
    public List<ReceivedMail> received() {
        return List.copyOf(received);
    }

    /** The messages received for {@code address} (case-insensitive), in arrival order. */
    public List<ReceivedMail> receivedBy(String address) {
        String to = address.toLowerCase(Locale.ROOT);
        return received.stream().filter(m -> m.to().equals(to)).toList();
    }

    /** The host every server listens on. */
    public String host() {
        return HOST;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int pop3Port() {
        return greenMail.getPop3().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    /**
     * The properties that point micronaut-email's Jakarta Mail sender (the auth-service's) at this server:
     * {@code javamail.properties.mail.smtp.host} and {@code .port}.
     */
    public Map<String, String> senderProperties() {
        return Map.of("javamail.properties.mail.smtp.host", HOST,
                "javamail.properties.mail.smtp.port", String.valueOf(smtpPort()));
    }

    /** Stops the servers; the messages are gone. */
    @Override
    public void close() {
        greenMail.stop();
    }
}

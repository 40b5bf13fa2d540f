package io.sessionstream.testkit;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message as a mail server received it, for one recipient.
 *
 * @param to         the recipient (the envelope address it was delivered to)
 * @param from       the sender, as in the {@code From} header
 * @param subject    the subject
 * @param text       the {@code text/plain} body
 * @param raw        the whole message as it came over SMTP (headers and MIME parts), as a mail client would read it
 * @param receivedAt when the server took it
 */
public record ReceivedMail(String to, String from, String subject, String text, String raw, Instant receivedAt) {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    /** The first http(s) link of the text, if there is one. */
    public Optional<String> link() {
        Matcher m = LINK.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /** The value of query parameter {@code name} of the first link: {@code token} of a reset link. */
    public Optional<String> linkParameter(String name) {
        return link().map(URI::create).map(URI::getRawQuery).flatMap(query -> Arrays.stream(query.split("&"))
                .filter(p -> p.startsWith(name + "=")).map(p -> p.substring(name.length() + 1)).findFirst());
    }

    /** Without the body and the raw message, which may hold a secret such as a reset link. */
    @Override
    public String toString() {
        return "ReceivedMail[to=" + to + ", subject=" + subject + ", receivedAt=" + receivedAt + "]";
    }
}

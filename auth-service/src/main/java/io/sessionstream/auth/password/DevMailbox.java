package io.sessionstream.auth.password;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * For local runs and tests only ({@code sessionstream.auth.dev-mailbox=true}): keeps the last
 * reset messages per address in memory, readable at {@code GET /api/auth/dev/mailbox}. Nothing
 * is emailed.
 */
@Singleton
@Replaces(LoggingResetNotifier.class)
@Requires(property = DevMailbox.PROPERTY, value = "true")
class DevMailbox implements PasswordResetNotifier {

    static final String PROPERTY = "sessionstream.auth.dev-mailbox";
    private static final int PER_ADDRESS = 10;

    /** One message. */
    @Serdeable
    record Message(String to, String subject, String token, String link, Instant sentAt) {
    }

    private final Cache<String, List<Message>> boxes = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
    private final Clock clock;

    DevMailbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void sendResetToken(UUID userId, String email, String token, Instant expiresAt) {
        Message message = new Message(email, "Reset your Sessionstream password", token, "/reset.html?token=" + token,
                clock.instant());
        boxes.asMap().compute(email, (k, box) -> {
            List<Message> next = new ArrayList<>(PER_ADDRESS);
            next.add(message);
            if (box != null) {
                next.addAll(box.subList(0, Math.min(box.size(), PER_ADDRESS - 1)));
            }
            return List.copyOf(next);
        });
    }

    /** The messages for the address, newest first. */
    List<Message> messages(String email) {
        List<Message> box = boxes.getIfPresent(email);
        return box == null ? List.of() : box;
    }
}

package io.sessionstream.testkit;

import java.util.List;
import java.util.UUID;

/**
 * The four Sessionstream topics under names unique to one test, created on the test broker.
 *
 * @param events        stands for {@code session.events}
 * @param deadLetter    stands for {@code session.events.dlt}
 * @param invalidations stands for {@code session.invalidations}
 * @param activity      stands for {@code session.activity}
 */
public record SessionTopics(String events, String deadLetter, String invalidations, String activity) {

    /** Partitions of each test topic: more than one, so per-key ordering is really exercised. */
    public static final int PARTITIONS = 3;

    /** Creates a fresh set of topics on {@link TestKafka}. */
    public static SessionTopics unique() {
        return unique(TestKafka.bootstrapServers());
    }

    /** Creates a fresh set of topics on the broker at {@code bootstrapServers}, e.g. a test's own. */
    public static SessionTopics unique(String bootstrapServers) {
        SessionTopics topics = uniqueNames();
        Topics.create(bootstrapServers, topics.all(), PARTITIONS);
        return topics;
    }

    /** Fresh topic names, nothing created: for a stack that creates its topics on a broker it starts itself. */
    public static SessionTopics uniqueNames() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new SessionTopics("session.events." + suffix, "session.events.dlt." + suffix,
                "session.invalidations." + suffix, "session.activity." + suffix);
    }

    /** Every topic name. */
    public List<String> all() {
        return List.of(events, deadLetter, invalidations, activity);
    }
}

package io.sessionstream.events;

/** Default Kafka topic names. Deployments and tests may configure others. */
public final class Topics {

    /** Session events, keyed by user id; the source of truth for the projection. */
    public static final String SESSION_EVENTS = "session.events";
    /** Records of {@link #SESSION_EVENTS} the projector could not decode or apply, with the reason in headers. */
    public static final String SESSION_EVENTS_DLT = "session.events.dlt";
    /** Broadcast of revocations to every application instance. */
    public static final String INVALIDATIONS = "session.invalidations";
    /** Throttled activity reports from application instances. */
    public static final String ACTIVITY = "session.activity";

    private Topics() {
    }
}

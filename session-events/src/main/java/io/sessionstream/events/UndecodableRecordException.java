package io.sessionstream.events;

/** A Kafka record that is not a valid Sessionstream event; the message says why. */
public class UndecodableRecordException extends RuntimeException {

    public UndecodableRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

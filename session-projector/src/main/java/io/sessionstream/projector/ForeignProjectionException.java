package io.sessionstream.projector;

/**
 * A batch refused because {@code {p}applied} holds another incarnation of its topic ({@link
 * RedisProjection.Outcome#FOREIGN}): nothing of the topic was applied, and the batch must not be committed.
 * {@link ForeignProjection} reports it; {@link BatchRetry} retries it without logging each attempt.
 */
final class ForeignProjectionException extends RuntimeException {

    private final transient ForeignProjection.Refusal refusal;

    ForeignProjectionException(ForeignProjection.Refusal refusal) {
        super(refusal.describe());
        this.refusal = refusal;
    }

    ForeignProjection.Refusal refusal() {
        return refusal;
    }
}

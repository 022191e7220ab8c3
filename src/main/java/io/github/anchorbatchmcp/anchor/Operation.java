package io.github.anchorbatchmcp.anchor;

/**
 * Which lifecycle call a failure belongs to, so that its message can say what was asked and what
 * did not happen.
 *
 * @param batch the batch a cancel or retry is for; null for a list or a create
 */
public record Operation(Kind kind, BatchId batch) {

    public enum Kind { LIST, CREATE, CANCEL, RETRY }

    public static final Operation LIST = new Operation(Kind.LIST, null);
    public static final Operation CREATE = new Operation(Kind.CREATE, null);

    public Operation {
        if (kind == null || (batch == null) != (kind == Kind.LIST || kind == Kind.CREATE)) {
            throw new IllegalArgumentException("a cancel or a retry names its batch; a list or a create does not");
        }
    }

    public static Operation cancel(BatchId id) {
        return new Operation(Kind.CANCEL, id);
    }

    public static Operation retry(BatchId id) {
        return new Operation(Kind.RETRY, id);
    }

    /** It creates or changes something, so it must not be sent twice. */
    public boolean changesSomething() {
        return kind != Kind.LIST;
    }

    /** What was asked, to follow "The Anchor API refused to …". */
    String asked() {
        return switch (kind) {
            case LIST -> "list the batches";
            case CREATE -> "create the batch";
            case CANCEL -> "cancel batch " + batch;
            case RETRY -> "retry the failed sessions of batch " + batch;
        };
    }

    /** What a refused request left undone, as a sentence; empty for a list, which changes nothing. */
    String nothingDone() {
        return switch (kind) {
            case LIST -> "";
            case CREATE -> " Nothing was created.";
            case CANCEL -> " The batch was not cancelled.";
            case RETRY -> " No session was retried.";
        };
    }
}

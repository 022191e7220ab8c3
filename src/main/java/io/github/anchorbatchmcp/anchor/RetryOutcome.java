package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.Text.detail;

/** Every way retrying a batch's failed sessions can end; see {@link ChangeFailure} for the failures it shares. */
public sealed interface RetryOutcome permits RetryOutcome.Retrying, RetryOutcome.NothingToRetry, CallFailure.NotFound,
        ChangeFailure {

    /** Accepted: the batch is back to processing while its failed sessions are tried again. */
    record Retrying(RetriedBatch batch) implements RetryOutcome {
    }

    /** HTTP 400: the batch has no failed session to retry. */
    record NothingToRetry(BatchId batch, String apiMessage) implements RetryOutcome, CallFailure {
        @Override
        public String message() {
            return "Batch " + batch + " has no failed sessions to retry (HTTP 400" + detail(apiMessage) + "). Nothing"
                    + " was retried. " + Text.STATUS_TOOL + " shows its sessions; for more browsers, create a new"
                    + " batch.";
        }
    }
}

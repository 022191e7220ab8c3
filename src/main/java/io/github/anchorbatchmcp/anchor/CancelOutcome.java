package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.Text.detail;

/** Every way cancelling a batch can end; see {@link ChangeFailure} for the failures it shares. */
public sealed interface CancelOutcome permits CancelOutcome.Cancelled, CancelOutcome.AlreadyOver, CallFailure.NotFound,
        ChangeFailure {

    record Cancelled(CancelledBatch batch) implements CancelOutcome {
    }

    /** HTTP 409: the batch had already ended (completed, failed or cancelled), so there was nothing to cancel. */
    record AlreadyOver(BatchId batch, String apiMessage) implements CancelOutcome, CallFailure {
        @Override
        public String message() {
            return "Batch " + batch + " is already over (HTTP 409" + detail(apiMessage) + "): it was completed, failed"
                    + " or cancelled before, so there was nothing to cancel and it was not changed. "
                    + Text.STATUS_TOOL + " shows how it ended.";
        }
    }
}

package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.Text.detail;

/** Every way creating a batch can end; see {@link ChangeFailure} for the failures it shares. */
public sealed interface CreateOutcome permits CreateOutcome.Created, CreateOutcome.InsufficientCredits, ChangeFailure {

    /** Accepted: the sessions are being set up, and the batch's status shows them as they become ready. */
    record Created(CreatedBatch batch) implements CreateOutcome {
    }

    /** HTTP 402: the account has no credit left for the browsers. */
    record InsufficientCredits(String apiMessage) implements CreateOutcome, CallFailure {
        @Override
        public String message() {
            return "The Anchor API refused to create the batch because the account has no credit left (HTTP 402"
                    + detail(apiMessage) + "). Nothing was created. Add credit to the Anchor Browser account before"
                    + " creating a batch; calling again will be refused the same way until then.";
        }
    }
}

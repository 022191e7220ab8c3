package io.github.anchorbatchmcp.anchor;

/**
 * The failures that create, cancel and retry share: the request that changes something was refused,
 * never sent, or may have been carried out without the answer reaching us.
 */
public sealed interface ChangeFailure extends CallFailure, CreateOutcome, CancelOutcome, RetryOutcome
        permits CallFailure.Unauthorized, CallFailure.RateLimited, CallFailure.ConnectionFailed, CallFailure.Rejected,
        CallFailure.Unconfirmed {
}

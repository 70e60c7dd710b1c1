package dev.userdirectory.client;

import java.time.Duration;

import io.grpc.Status;

/**
 * What one call did on the wire: how it ended, how many attempts the channel's retry or
 * hedging policy made (transparent retries included), how long it took, and the deadline
 * it had.
 *
 * @param method the full method name, e.g. {@code users.v1.UserService/GetUser}
 * @param status the final status
 * @param attempts attempts the channel sent (1 when nothing was retried)
 * @param elapsed from start to the final status
 * @param deadline the time the call was given, or {@code null} without a deadline
 */
public record CallOutcome(String method, Status.Code status, int attempts, Duration elapsed, Duration deadline) {

	@Override
	public String toString() {
		return "%s %s after %d attempt%s in %d ms (deadline %s)".formatted(this.method, this.status, this.attempts,
				(this.attempts == 1) ? "" : "s", this.elapsed.toMillis(),
				(this.deadline != null) ? this.deadline.toMillis() + " ms" : "none");
	}

}

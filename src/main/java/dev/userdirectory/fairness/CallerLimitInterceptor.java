package dev.userdirectory.fairness;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.GrpcErrorHandler;
import dev.userdirectory.security.Caller;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Holds each caller (token subject) to its budget ({@link CallerBudgets}): a call over
 * the rate or the concurrency limit ends at once with RESOURCE_EXHAUSTED, a RetryInfo and
 * the reason, before any handler work, and is counted by method and limit (never by
 * subject, whose number is unbounded). The refusal is held for its retry delay (at most
 * {@code users.fairness.refusal-hold}) before it is sent: a client that ignores RetryInfo
 * and retries at once then cannot turn its streams into a stream of refusals that costs
 * the service as much as serving them. Runs inside Spring Security's interceptor, where
 * the subject is verified; calls without one (health, reflection) pass.
 */
class CallerLimitInterceptor implements ServerInterceptor {

	private final CallerBudgets budgets;

	private final FairnessProperties limits;

	private final GrpcErrorHandler errors;

	private final MeterRegistry meters;

	private final String rate;

	private final ScheduledExecutorService refusals;

	/**
	 * One counter per method and limit: a bounded set, looked up without the registry.
	 */
	private final Map<String, Counter> refusedCounters = new ConcurrentHashMap<>();

	CallerLimitInterceptor(CallerBudgets budgets, FairnessProperties limits, GrpcErrorHandler errors,
			MeterRegistry meters, ScheduledExecutorService refusals) {
		this.budgets = budgets;
		this.refusals = refusals;
		this.limits = limits;
		this.errors = errors;
		this.meters = meters;
		this.rate = limits.rateLimited() ? limits.callsPerSecond() + " calls/s, burst " + limits.bucketSize() : "";
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		Optional<String> subject = Caller.subject();
		if (!this.limits.enabled() || subject.isEmpty()) {
			return next.startCall(call, headers);
		}
		Optional<Admission.Refused> early = EarlyRefusal.marked(headers);
		if (early.isPresent()) {
			return refuse(call, early.get());
		}
		Admission admission = this.budgets.admit(subject.get(),
				CallKind.of(call.getMethodDescriptor().getFullMethodName()));
		if (admission instanceof Admission.Refused refused) {
			return refuse(call, refused);
		}
		Admission.Permit permit = ((Admission.Admitted) admission).permit();
		try {
			return new ReleasingListener<>(next.startCall(new ReleasingCall<>(call, permit), headers), permit);
		}
		catch (RuntimeException | Error failure) {
			permit.release();
			throw failure;
		}
	}

	private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Admission.Refused refused) {
		String method = call.getMethodDescriptor().getFullMethodName();
		ApiException refusal = switch (refused.limit()) {
			case RATE -> ApiException.rateLimitExceeded(method, this.rate, refused.retryAfter());
			case CONCURRENCY -> ApiException.tooManyConcurrentCalls(method,
					this.limits.maxConcurrent(CallKind.of(method)), refused.retryAfter());
		};
		refusedCounter(method, refusal).increment();
		StatusException status = this.errors.handleException(refusal);
		Metadata trailers = (status.getTrailers() != null) ? status.getTrailers() : new Metadata();
		long holdNanos = holdNanos(refused.retryAfter());
		if (holdNanos <= 0) {
			call.close(status.getStatus(), trailers);
		}
		else {
			this.refusals.schedule(() -> closeHeld(call, status, trailers), holdNanos, TimeUnit.NANOSECONDS);
		}
		return new ServerCall.Listener<>() {
		};
	}

	/**
	 * How long a refusal is held before it is sent: its retry delay, at most the
	 * configured hold, and well before the call's deadline, so the refusal always arrives
	 * as RESOURCE_EXHAUSTED, never as a timeout.
	 */
	private long holdNanos(Duration retryAfter) {
		long hold = Math.min(retryAfter.toNanos(), this.limits.refusalHold().toNanos());
		Deadline deadline = Context.current().getDeadline();
		if (deadline != null) {
			hold = Math.min(hold, deadline.timeRemaining(TimeUnit.NANOSECONDS) / 2);
		}
		return hold;
	}

	private static void closeHeld(ServerCall<?, ?> call, StatusException status, Metadata trailers) {
		try {
			call.close(status.getStatus(), trailers);
		}
		catch (RuntimeException alreadyCancelled) {
			// The client went away while its refusal was held: nothing to tell it.
		}
	}

	private Counter refusedCounter(String method, ApiException refusal) {
		String reason = refusal.reason().name();
		return this.refusedCounters.computeIfAbsent(method + " " + reason,
				(key) -> Counter.builder("users.calls.refused")
					.description("Calls refused because their caller exceeded its per-caller limit")
					.tag("method", method)
					.tag("reason", reason)
					.register(this.meters));
	}

	/** Gives the permit back when the handler ends the call. */
	private static final class ReleasingCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

		private final Admission.Permit permit;

		ReleasingCall(ServerCall<Q, R> call, Admission.Permit permit) {
			super(call);
			this.permit = permit;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			// Before the status leaves: a client that starts its next call on receiving
			// it must find the place free.
			this.permit.release();
			super.close(status, trailers);
		}

	}

	/**
	 * Gives the permit back when the call ends without a status from the handler (the
	 * client cancelled, or the deadline passed).
	 */
	private static final class ReleasingListener<Q>
			extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

		private final Admission.Permit permit;

		ReleasingListener(ServerCall.Listener<Q> listener, Admission.Permit permit) {
			super(listener);
			this.permit = permit;
		}

		@Override
		public void onCancel() {
			try {
				super.onCancel();
			}
			finally {
				this.permit.release();
			}
		}

		@Override
		public void onComplete() {
			try {
				super.onComplete();
			}
			finally {
				this.permit.release();
			}
		}

	}

}

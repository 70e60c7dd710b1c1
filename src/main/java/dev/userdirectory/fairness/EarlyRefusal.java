package dev.userdirectory.fairness;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

import dev.userdirectory.security.VerifiedTokens;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;

/**
 * Refuses a flooding caller's calls where they arrive instead of behind everyone else's.
 * The call executor is FIFO: a caller that keeps a thousand calls in flight and retries
 * each refusal at once keeps a thousand refusals queued ahead of every other caller's
 * calls, however cheap each refusal is. grpc-java picks each call's executor here, on the
 * transport thread, before anything is queued: a call whose bearer token is already
 * verified (a cache lookup, no signature check) and whose subject is over its limit stays
 * on the transport thread, marked, and {@link CallerLimitInterceptor} refuses it there
 * after authentication has run as usual; every other call goes to the call executor.
 */
class EarlyRefusal implements ServerCallExecutorSupplier {

	/**
	 * Set only here, after removing whatever a client sent under the same name: "LIMIT
	 * retry-after-nanos".
	 */
	static final Metadata.Key<String> MARK = Metadata.Key.of("x-users-internal-early-refusal",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final String BEARER = "Bearer ";

	private final CallerBudgets budgets;

	private final VerifiedTokens tokens;

	private final Executor callExecutor;

	EarlyRefusal(CallerBudgets budgets, VerifiedTokens tokens, Executor callExecutor) {
		this.budgets = budgets;
		this.tokens = tokens;
		this.callExecutor = callExecutor;
	}

	@Override
	public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
		headers.discardAll(MARK);
		CallKind kind = CallKind.of(call.getMethodDescriptor().getFullMethodName());
		Optional<Admission.Refused> refusal = subject(headers.get(AUTHORIZATION))
			.flatMap((subject) -> this.budgets.wouldRefuse(subject, kind));
		if (refusal.isEmpty()) {
			return this.callExecutor;
		}
		headers.put(MARK, refusal.get().limit().name() + " " + refusal.get().retryAfter().toNanos());
		// Null keeps the server's own executor: direct, the transport thread.
		return null;
	}

	/** The refusal {@link #getExecutor} marked {@code headers} with, if any. */
	static Optional<Admission.Refused> marked(Metadata headers) {
		String mark = headers.get(MARK);
		if (mark == null) {
			return Optional.empty();
		}
		int space = mark.indexOf(' ');
		return Optional.of(new Admission.Refused(Admission.Limit.valueOf(mark.substring(0, space)),
				Duration.ofNanos(Long.parseLong(mark.substring(space + 1)))));
	}

	private Optional<String> subject(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Optional.empty();
		}
		return this.tokens.verifiedSubject(authorization.substring(BEARER.length()).trim());
	}

}

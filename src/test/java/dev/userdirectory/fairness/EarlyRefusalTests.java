package dev.userdirectory.fairness;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.security.VerifiedTokens;
import io.github.bucket4j.TimeMeter;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which calls stay on the transport thread to be refused there: only those of a verified
 * token whose subject is over its limit, and a mark only this code sets.
 */
class EarlyRefusalTests {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final ServerCall<GetUserRequest, GetUserResponse> GET_USER = new ServerCall<>() {

		@Override
		public MethodDescriptor<GetUserRequest, GetUserResponse> getMethodDescriptor() {
			return UserServiceGrpc.getGetUserMethod();
		}

		@Override
		public void request(int count) {
		}

		@Override
		public void sendHeaders(Metadata headers) {
		}

		@Override
		public void sendMessage(GetUserResponse message) {
		}

		@Override
		public void close(Status status, Metadata trailers) {
		}

		@Override
		public boolean isCancelled() {
			return false;
		}

	};

	private final Executor callExecutor = Runnable::run;

	private final CallerBudgets budgets = new CallerBudgets(new FairnessProperties(true, 1, 1, Duration.ofMillis(250),
			Duration.ZERO, null, null, 100, Duration.ofMinutes(10)), TimeMeter.SYSTEM_NANOTIME);

	private final VerifiedTokens tokens = (token) -> Optional
		.ofNullable(Map.of("flooder-token", "flooder", "victim-token", "victim").get(token));

	private final EarlyRefusal early = new EarlyRefusal(this.budgets, this.tokens, this.callExecutor);

	@Test
	void aVerifiedSubjectOverItsLimitStaysToBeRefused() {
		this.budgets.admit("flooder", CallKind.CALL);
		Metadata headers = bearer("flooder-token");

		assertThat(this.early.getExecutor(GET_USER, headers)).isNull();
		Admission.Refused refused = EarlyRefusal.marked(headers).orElseThrow();
		assertThat(refused.limit()).isEqualTo(Admission.Limit.CONCURRENCY);
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void everyoneElseGoesToTheCallExecutor() {
		this.budgets.admit("flooder", CallKind.CALL);
		assertThat(this.early.getExecutor(GET_USER, bearer("victim-token"))).isSameAs(this.callExecutor);
		// Not verified yet: full authentication decides, on the call threads.
		assertThat(this.early.getExecutor(GET_USER, bearer("unknown-token"))).isSameAs(this.callExecutor);
		assertThat(this.early.getExecutor(GET_USER, new Metadata())).isSameAs(this.callExecutor);
	}

	@Test
	void aMarkSentByTheClientIsRemoved() {
		Metadata headers = bearer("victim-token");
		headers.put(EarlyRefusal.MARK, "CONCURRENCY 1000000000");

		assertThat(this.early.getExecutor(GET_USER, headers)).isSameAs(this.callExecutor);
		assertThat(EarlyRefusal.marked(headers)).isEmpty();
	}

	private static Metadata bearer(String token) {
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION, "Bearer " + token);
		return headers;
	}

}

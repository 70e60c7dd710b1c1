package dev.userdirectory.user;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status.Code;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CreateUsers client that stops sending mid-stream cannot hold the stream's
 * transaction, and the emails it has inserted, for longer than
 * {@code users.bulk.max-idle} (a second here).
 */
@TestPropertySource(properties = "users.bulk.max-idle=1s")
abstract class AbstractStalledCreateUsersTests extends AbstractGrpcIntegrationTests {

	private final String prefix = "stalled-" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	BulkCreateProperties bulk;

	private CreateUserRequest user(int i) {
		return CreateUserRequest.newBuilder()
			.setEmail(this.prefix + "-" + i + "@example.com")
			.setName("Stalled")
			.build();
	}

	@Test
	void aStreamThatStopsSendingIsFailedAndWhatItWroteRolledBack() {
		CompletableFuture<CreateUsersResponse> answer = new CompletableFuture<>();
		var call = (ClientCallStreamObserver<CreateUsersRequest>) UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.createUsers(new StreamObserver<>() {
				@Override
				public void onNext(CreateUsersResponse value) {
					answer.complete(value);
				}

				@Override
				public void onError(Throwable failure) {
					answer.completeExceptionally(failure);
				}

				@Override
				public void onCompleted() {
				}
			});
		// More than a chunk, so a writer holds them in an open transaction; then nothing
		// more, no half-close.
		for (int i = 0; i <= this.bulk.chunkSize(); i++) {
			call.onNext(CreateUsersRequest.newBuilder().setUser(user(i)).build());
		}

		assertFails(Code.DEADLINE_EXCEEDED, () -> {
			try {
				answer.get(30, TimeUnit.SECONDS);
			}
			catch (ExecutionException ended) {
				throw ended.getCause();
			}
		}).hasReason("DEADLINE_EXCEEDED");
		assertThat(this.jdbc.queryForObject("select count(*) from users where email like ?", Integer.class,
				this.prefix + "-%"))
			.isZero();
		assertThat(this.users.createUser(user(0)).getUser().getEmail()).as("the email is free again")
			.isEqualTo(this.prefix + "-0@example.com");
	}

}

package dev.userdirectory.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.rpc.ErrorInfo;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.error.GrpcErrorHandler;
import dev.userdirectory.support.RawCalls;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guarded service behind the service's exception handler, as the server binds it,
 * called with raw bytes.
 */
class RequestGuardTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final List<String> seen = new CopyOnWriteArrayList<>();

	private Server server;

	private ManagedChannel channel;

	private RawCalls calls;

	@BeforeEach
	void start() throws Exception {
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.addService(ServerInterceptors.intercept(RequestGuard.guard(new RecordingService().bindService()),
					new GrpcExceptionHandlerInterceptor(new GrpcErrorHandler())))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).build();
		this.calls = new RawCalls(this.channel);
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void aReadableRequestReachesTheServiceAsItsOwnMessage() {
		RawCalls.Outcome outcome = call("GetUser", GetUserRequest.newBuilder().setId("42").build().toByteArray());

		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.OK);
		assertThat(outcome.responses()).isEqualTo(1);
		assertThat(this.seen).containsExactly("getUser 42");
	}

	@Test
	void anUnreadableRequestIsAMalformedRequestThatTheServiceNeverSees() {
		byte[] truncated = { 0x0A, 0x05, 'a' };

		RawCalls.Outcome outcome = call("GetUser", truncated);

		assertMalformed(outcome).contains("users.v1.UserService/GetUser").contains("malformed");
		assertThat(this.seen).isEmpty();
	}

	@Test
	void anUnreadableMessageInAStreamEndsTheServicesSideAsACancelNotACompletion() {
		byte[] item = CreateUsersRequest.newBuilder()
			.setUser(CreateUserRequest.newBuilder().setEmail("a@example.com"))
			.build()
			.toByteArray();
		byte[] invalidUtf8 = { 0x0A, 0x03, 0x0A, 0x01, (byte) 0xFF };

		assertMalformed(call("CreateUsers", item, invalidUtf8, item));

		// Told the call is over before the status left: a stream that staged the first
		// item drops it.
		assertThat(this.seen).containsExactly("createUsers item a@example.com", "createUsers error");
	}

	@Test
	void aMethodThatTakesOneRequestRefusesNone() {
		assertMalformed(call("GetUser")).endsWith("this call sent none");
		assertThat(this.seen).isEmpty();
	}

	@Test
	void aMethodThatTakesOneRequestRefusesTwo() {
		byte[] request = GetUserRequest.newBuilder().setId("42").build().toByteArray();

		assertMalformed(call("GetUser", request, request)).endsWith("this call sent more");
		assertThat(this.seen).isEmpty();
	}

	@Test
	void theGuardedServiceKeepsItsSchemaForReflection() {
		assertThat(
				RequestGuard.guard(new RecordingService().bindService()).getServiceDescriptor().getSchemaDescriptor())
			.isSameAs(UserServiceGrpc.getServiceDescriptor().getSchemaDescriptor());
	}

	private RawCalls.Outcome call(String method, byte[]... messages) {
		MethodDescriptor<byte[], byte[]> descriptor = RawCalls.methods()
			.stream()
			.filter((candidate) -> candidate.getBareMethodName().equals(method))
			.findFirst()
			.orElseThrow();
		return this.calls.call(descriptor, List.of(messages), DEADLINE);
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertMalformed(RawCalls.Outcome outcome) {
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(outcome.status(), outcome.trailers());
		assertThat(details.getDetailsList()).anySatisfy((any) -> {
			ErrorInfo info = any.unpack(ErrorInfo.class);
			assertThat(info.getReason()).isEqualTo("MALFORMED_REQUEST");
			assertThat(info.getDomain()).isEqualTo("users.v1");
		});
		return assertThat(outcome.status().getDescription());
	}

	/** Records what reaches it, in order. */
	private final class RecordingService extends UserServiceGrpc.UserServiceImplBase {

		@Override
		public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> responses) {
			RequestGuardTests.this.seen.add("getUser " + request.getId());
			responses.onNext(GetUserResponse.getDefaultInstance());
			responses.onCompleted();
		}

		@Override
		public StreamObserver<CreateUsersRequest> createUsers(StreamObserver<CreateUsersResponse> responses) {
			return new StreamObserver<>() {

				@Override
				public void onNext(CreateUsersRequest item) {
					RequestGuardTests.this.seen.add("createUsers item " + item.getUser().getEmail());
				}

				@Override
				public void onError(Throwable cancelled) {
					RequestGuardTests.this.seen.add("createUsers error");
				}

				@Override
				public void onCompleted() {
					RequestGuardTests.this.seen.add("createUsers completed");
					responses.onNext(CreateUsersResponse.getDefaultInstance());
					responses.onCompleted();
				}

			};
		}

	}

}

package dev.userdirectory.client;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.userdirectory.api.v1.BatchGetUsersRequest;
import dev.userdirectory.api.v1.BatchGetUsersResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUserResponse;
import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.DeactivateUserResponse;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.ReactivateUserResponse;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.UndeleteUserResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A bare grpc-java server playing users.v1 for client tests: each attempt of a unary
 * method (and of ListUsers, which answers one user) takes the next scripted answer (a
 * status to fail with, a delay, or success) and is recorded with the headers it carried,
 * so a test can count what really reached the wire.
 */
final class ScriptedUserService extends UserServiceGrpc.UserServiceImplBase implements AutoCloseable {

	static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Context.Key<Metadata> HEADERS = Context.key("headers");

	/** One attempt as the server saw it. */
	record Attempt(String method, Metadata headers, Object request) {
	}

	/**
	 * What to do with one attempt: fail with a status, or answer (after an optional
	 * stall).
	 */
	record Answer(StatusException failure, long stallMillis) {

		static Answer ok() {
			return new Answer(null, 0);
		}

		static Answer fail(StatusException failure) {
			return new Answer(failure, 0);
		}

		static Answer stall(long millis) {
			return new Answer(null, millis);
		}

	}

	private final Queue<Answer> script = new ConcurrentLinkedQueue<>();

	final List<Attempt> attempts = new CopyOnWriteArrayList<>();

	/** Counted down when a stalled attempt sees its call cancelled by the client. */
	final CountDownLatch cancellations = new CountDownLatch(1);

	private final Server server;

	ScriptedUserService() throws IOException {
		ServerInterceptor captureHeaders = new ServerInterceptor() {
			@Override
			public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
					io.grpc.ServerCallHandler<Q, R> next) {
				return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
			}
		};
		this.server = NettyServerBuilder.forPort(0)
			.addService(ServerInterceptors.intercept(this, captureHeaders))
			.build()
			.start();
	}

	int port() {
		return this.server.getPort();
	}

	/**
	 * The next attempts get these answers, in order; attempts past the script succeed.
	 */
	ScriptedUserService script(Answer... answers) {
		this.script.addAll(List.of(answers));
		return this;
	}

	List<Attempt> attempts(String method) {
		return this.attempts.stream().filter((attempt) -> attempt.method().equals(method)).toList();
	}

	@Override
	public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> response) {
		answer("GetUser", request, response,
				(r) -> GetUserResponse.newBuilder().setUser(User.newBuilder().setId(request.getId())).build());
	}

	@Override
	public void createUser(CreateUserRequest request, StreamObserver<CreateUserResponse> response) {
		answer("CreateUser", request, response, (r) -> CreateUserResponse.newBuilder()
			.setUser(User.newBuilder().setId("created-for-" + request.getRequestId()).setEmail(request.getEmail()))
			.build());
	}

	@Override
	public void batchGetUsers(BatchGetUsersRequest request, StreamObserver<BatchGetUsersResponse> response) {
		answer("BatchGetUsers", request, response,
				(r) -> BatchGetUsersResponse.newBuilder()
					.addAllUsers(r.getIdsList().stream().map((id) -> User.newBuilder().setId(id).build()).toList())
					.build());
	}

	@Override
	public void undeleteUser(UndeleteUserRequest request, StreamObserver<UndeleteUserResponse> response) {
		answer("UndeleteUser", request, response,
				(r) -> UndeleteUserResponse.newBuilder()
					.setUser(changed(r.getId(), r.getEtag(), UserStatus.USER_STATUS_ACTIVE))
					.build());
	}

	@Override
	public void deactivateUser(DeactivateUserRequest request, StreamObserver<DeactivateUserResponse> response) {
		answer("DeactivateUser", request, response,
				(r) -> DeactivateUserResponse.newBuilder()
					.setUser(changed(r.getId(), r.getEtag(), UserStatus.USER_STATUS_INACTIVE))
					.build());
	}

	@Override
	public void reactivateUser(ReactivateUserRequest request, StreamObserver<ReactivateUserResponse> response) {
		answer("ReactivateUser", request, response,
				(r) -> ReactivateUserResponse.newBuilder()
					.setUser(changed(r.getId(), r.getEtag(), UserStatus.USER_STATUS_ACTIVE))
					.build());
	}

	@Override
	public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> response) {
		answer("ListUsers", request, response,
				(r) -> ListUsersResponse.newBuilder().setUser(User.newBuilder().setId("listed")).build());
	}

	/** The user a status write answers with: its etag says which etag it was sent. */
	private static User changed(String id, String etag, UserStatus status) {
		return User.newBuilder().setId(id).setEtag("after-" + etag).setStatus(status).build();
	}

	private <Q, R> void answer(String method, Q request, StreamObserver<R> response, Function<Q, R> success) {
		this.attempts.add(new Attempt(method, HEADERS.get(), request));
		Answer answer = this.script.poll();
		if (answer == null) {
			answer = Answer.ok();
		}
		if (answer.failure() != null) {
			response.onError(answer.failure());
			return;
		}
		if (answer.stallMillis() > 0 && stallUnlessCancelled(answer.stallMillis())) {
			return;
		}
		response.onNext(success.apply(request));
		response.onCompleted();
	}

	/**
	 * True if the client cancelled (deadline or hedging) while the server was stalling.
	 */
	private boolean stallUnlessCancelled(long millis) {
		CountDownLatch cancelled = new CountDownLatch(1);
		Context.current().addListener((context) -> cancelled.countDown(), Runnable::run);
		try {
			if (cancelled.await(millis, TimeUnit.MILLISECONDS)) {
				this.cancellations.countDown();
				return true;
			}
			return false;
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}

package dev.userdirectory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.userdirectory.api.v1.ChatMessage;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.UserStatus;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The baseline of bench/unary and bench/streams: the practical limit of this platform for
 * GetUser, CreateUsers, ListUsers and Chat. The same generated users.v1 service on
 * grpc-java's Netty server with its defaults, and nothing else: no Spring, no
 * authentication, no interceptors, no database, users in a map.
 *
 * Arguments: port [user.json] (a User as proto JSON, served by GetUser for its id).
 * {@code -Dbare.executor=forkjoin} runs calls on the service's kind of executor instead
 * of the default.
 */
public final class BareUserServer extends UserServiceGrpc.UserServiceImplBase {

	private final Map<String, User> users = new ConcurrentHashMap<>();

	/**
	 * The users of the latest CreateUsers: what the benchmark lists next, as the
	 * service's tag filter would.
	 */
	private volatile List<User> created = List.of();

	/** Chat rooms: every open stream that joined each, in memory on this one server. */
	private final Map<String, Set<StreamObserver<ChatResponse>>> rooms = new ConcurrentHashMap<>();

	private BareUserServer(User user) {
		this.users.put(user.getId(), user);
	}

	@Override
	public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> response) {
		User user = this.users.get(request.getId());
		if (user == null) {
			response.onError(Status.NOT_FOUND.withDescription("user " + request.getId() + " not found").asException());
			return;
		}
		response.onNext(GetUserResponse.newBuilder().setUser(user).build());
		response.onCompleted();
	}

	@Override
	public StreamObserver<CreateUsersRequest> createUsers(StreamObserver<CreateUsersResponse> response) {
		List<User> batch = new ArrayList<>();
		return new StreamObserver<>() {

			@Override
			public void onNext(CreateUsersRequest item) {
				batch.add(bareUser(item.getUser()));
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				BareUserServer.this.created = batch;
				response
					.onNext(CreateUsersResponse.newBuilder().addAllUsers(batch).setCreatedCount(batch.size()).build());
				response.onCompleted();
			}

		};
	}

	/**
	 * What the service answers for a new user: the same fields, so messages have the same
	 * size.
	 */
	private static User bareUser(CreateUserRequest request) {
		Instant now = Instant.now();
		Timestamp at = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
		UUID id = UUID.randomUUID();
		return User.newBuilder()
			.setId(id.toString())
			.setEmail(request.getEmail())
			.setName(request.getName())
			.setAge(request.getAge())
			.setStatus(UserStatus.USER_STATUS_ACTIVE)
			.addAllTags(request.getTagsList())
			.setProfile(request.getProfile())
			.setCreatedAt(at)
			.setUpdatedAt(at)
			.setEtag(Long.toHexString(id.getMostSignificantBits())
					+ Long.toHexString(id.getLeastSignificantBits()).substring(0, 8))
			.setCreatedBy("dev")
			.setUpdatedBy("dev")
			.build();
	}

	/**
	 * Pages through the latest created users; the page token is the next index. Ignores
	 * the filter.
	 */
	@Override
	public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> response) {
		ServerCallStreamObserver<ListUsersResponse> out = (ServerCallStreamObserver<ListUsersResponse>) response;
		List<User> created = this.created;
		int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
		int to = Math.min(created.size(), from + Math.min(1000, request.getPageSize()));
		int[] next = { from };
		Runnable drain = () -> {
			while (next[0] < to && out.isReady()) {
				ListUsersResponse.Builder message = ListUsersResponse.newBuilder().setUser(created.get(next[0]++));
				if (next[0] == to && to < created.size()) {
					message.setNextPageToken(Integer.toString(to));
				}
				out.onNext(message.build());
			}
			if (next[0] == to) {
				next[0]++;
				out.onCompleted();
			}
		};
		out.setOnReadyHandler(drain);
		drain.run();
	}

	/**
	 * Chat with nothing between the streams: a posted message goes straight to every
	 * stream in the room, with no storage, no authentication and no flow control
	 * (grpc-java buffers for a slow reader). Each stream's observer is not thread-safe,
	 * so sends to one stream are serialised.
	 */
	@Override
	public StreamObserver<ChatRequest> chat(StreamObserver<ChatResponse> response) {
		return new StreamObserver<>() {

			private Set<StreamObserver<ChatResponse>> room;

			@Override
			public void onNext(ChatRequest request) {
				if (this.room == null) {
					this.room = BareUserServer.this.rooms.computeIfAbsent(request.getRoom(),
							(name) -> ConcurrentHashMap.newKeySet());
					this.room.add(response);
				}
				if (request.getContent().isEmpty()) {
					return;
				}
				Instant now = Instant.now();
				ChatResponse message = ChatResponse.newBuilder()
					.setMessage(ChatMessage.newBuilder()
						.setId(UUID.randomUUID().toString())
						.setRoom(request.getRoom())
						.setUserId("dev")
						.setContent(request.getContent())
						.setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())))
					.build();
				for (StreamObserver<ChatResponse> participant : this.room) {
					synchronized (participant) {
						participant.onNext(message);
					}
				}
			}

			@Override
			public void onError(Throwable error) {
				leave();
			}

			@Override
			public void onCompleted() {
				leave();
				synchronized (response) {
					response.onCompleted();
				}
			}

			private void leave() {
				if (this.room != null) {
					this.room.remove(response);
				}
			}

		};
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		User.Builder user = User.newBuilder();
		if (args.length > 1) {
			JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(Path.of(args[1])), user);
		}
		else {
			user.setId("none");
		}
		NettyServerBuilder builder = NettyServerBuilder.forPort(port);
		if ("forkjoin".equals(System.getProperty("bare.executor"))) {
			// What the service runs calls on (server.GrpcCallExecutor), to separate the
			// executor's
			// share of a difference from the framework's.
			builder.executor(new ForkJoinPool(64, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true));
		}
		Server server = builder.addService(new BareUserServer(user.build())).build().start();
		System.out.println("bare server: serving " + user.getId() + " on " + port + ", GetUserResponse "
				+ GetUserResponse.newBuilder().setUser(user).build().getSerializedSize() + " bytes");
		server.awaitTermination();
	}

}

package dev.userdirectory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.util.JsonFormat;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * The baseline of bench/unary: the practical limit of this platform for GetUser. The same
 * generated users.v1 service on grpc-java's Netty server with its defaults, and nothing else: no
 * Spring, no authentication, no interceptors, no database, users in a map.
 *
 * Arguments: port user.json (a User as proto JSON, served for its id)
 */
public final class BareUserServer extends UserServiceGrpc.UserServiceImplBase {

	private final Map<String, User> users = new ConcurrentHashMap<>();

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

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		User.Builder user = User.newBuilder();
		JsonFormat.parser().ignoringUnknownFields().merge(Files.readString(Path.of(args[1])), user);
		Server server = NettyServerBuilder.forPort(port).addService(new BareUserServer(user.build())).build().start();
		System.out.println("bare server: serving " + user.getId() + " on " + port + ", GetUserResponse "
				+ GetUserResponse.newBuilder().setUser(user).build().getSerializedSize() + " bytes");
		server.awaitTermination();
	}

}

package dev.userdirectory.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.MethodDescriptor;

/**
 * The one table of who may call what: the scope each users.v1 method requires (as the
 * contract says; {@code users.write} does not imply {@code users.read}), and the services
 * open to all. A method in neither is denied.
 */
public final class RpcScopes {

	public static final String READ = "users.read";

	public static final String WRITE = "users.write";

	public static final String CHAT = "chat";

	/**
	 * Operator actions over HTTP (the actuator's backup); no users.v1 method needs it.
	 */
	public static final String ADMIN = "users.admin";

	/** Health (Kubernetes probes) and reflection (tool discovery) need no token. */
	static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
			"grpc.reflection.v1alpha.ServerReflection");

	private static final Map<String, String> SCOPE_BY_METHOD = Map.ofEntries(
			scope(UserServiceGrpc.getGetUserMethod(), READ), scope(UserServiceGrpc.getCreateUserMethod(), WRITE),
			scope(UserServiceGrpc.getUpdateUserMethod(), WRITE), scope(UserServiceGrpc.getDeleteUserMethod(), WRITE),
			scope(UserServiceGrpc.getListUsersMethod(), READ), scope(UserServiceGrpc.getWatchUserChangesMethod(), READ),
			scope(UserServiceGrpc.getCreateUsersMethod(), WRITE),
			scope(UserServiceGrpc.getUploadUserDataMethod(), WRITE),
			scope(UserServiceGrpc.getDownloadUserDataMethod(), READ), scope(UserServiceGrpc.getChatMethod(), CHAT),
			scope(UserServiceGrpc.getCollaborativeEditMethod(), WRITE),
			scope(UserServiceGrpc.getBatchGetUsersMethod(), READ),
			scope(UserServiceGrpc.getUndeleteUserMethod(), WRITE),
			scope(UserServiceGrpc.getDeactivateUserMethod(), WRITE),
			scope(UserServiceGrpc.getReactivateUserMethod(), WRITE));

	private RpcScopes() {
	}

	/** The scope a method requires, or empty when it names no protected method. */
	public static Optional<String> requiredScope(String fullMethodName) {
		return Optional.ofNullable(SCOPE_BY_METHOD.get(fullMethodName));
	}

	public static boolean isOpen(String fullMethodName) {
		return OPEN_SERVICES.contains(MethodDescriptor.extractFullServiceName(fullMethodName));
	}

	private static Map.Entry<String, String> scope(MethodDescriptor<?, ?> method, String scope) {
		return Map.entry(method.getFullMethodName(), scope);
	}

}

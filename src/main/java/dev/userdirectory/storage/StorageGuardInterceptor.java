package dev.userdirectory.storage;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.GrpcErrorHandler;
import dev.userdirectory.security.RpcScopes;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;

import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Refuses methods that write (those needing {@code users.write} or {@code chat}) while
 * the database's disk is too full, before they touch the database; reads are not
 * affected. Runs inside Spring Security's interceptor, so a caller without a valid token
 * learns nothing of it.
 */
@Component
@GlobalServerInterceptor
@Order(5)
class StorageGuardInterceptor implements ServerInterceptor {

	private final StorageSpace space;

	private final GrpcErrorHandler errors;

	StorageGuardInterceptor(StorageSpace space, GrpcErrorHandler errors) {
		this.space = space;
		this.errors = errors;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		if (!this.space.writesAllowed() && writes(call.getMethodDescriptor().getFullMethodName())) {
			StatusException refusal = this.errors.handleException(ApiException.storageFull("database"));
			call.close(refusal.getStatus(), refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers());
			return new ServerCall.Listener<>() {
			};
		}
		return next.startCall(call, headers);
	}

	private static boolean writes(String method) {
		return RpcScopes.requiredScope(method)
			.filter((scope) -> scope.equals(RpcScopes.WRITE) || scope.equals(RpcScopes.CHAT))
			.isPresent();
	}

}

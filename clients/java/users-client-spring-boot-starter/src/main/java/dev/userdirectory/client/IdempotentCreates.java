package dev.userdirectory.client;

import java.util.UUID;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.MethodDescriptor;

/**
 * Gives every CreateUser a {@code request_id} before it leaves, so the channel's retry
 * policy can retry creates: a retried attempt carries the same id, and the service
 * answers it with the user the first attempt created instead of creating a second one.
 * Retries happen below interceptors, so every attempt sends the message as it is after
 * this one.
 */
final class IdempotentCreates implements ClientInterceptor {

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		ClientCall<Q, R> call = next.newCall(method, options);
		if (!method.getFullMethodName().equals(UserServiceGrpc.getCreateUserMethod().getFullMethodName())) {
			return call;
		}
		return new SimpleForwardingClientCall<>(call) {
			@Override
			@SuppressWarnings("unchecked")
			public void sendMessage(Q message) {
				super.sendMessage((Q) withRequestId((CreateUserRequest) message));
			}
		};
	}

	static CreateUserRequest withRequestId(CreateUserRequest request) {
		return request.getRequestId().isEmpty() ? request.toBuilder().setRequestId(UUID.randomUUID().toString()).build()
				: request;
	}

}

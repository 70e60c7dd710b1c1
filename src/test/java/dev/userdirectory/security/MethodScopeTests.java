package dev.userdirectory.security;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scope table, over the wire: for each of the eleven users.v1 methods, a token
 * lacking its scope (but holding every other) is denied, and a token holding only its
 * scope gets through.
 */
@OnH2
class MethodScopeTests extends AbstractGrpcIntegrationTests {

	static Stream<Arguments> methodsAndScopes() {
		return UserServiceGrpc.getServiceDescriptor()
			.getMethods()
			.stream()
			.map((method) -> Arguments.of(method.getBareMethodName(), method,
					RpcScopes.requiredScope(method.getFullMethodName()).orElseThrow()));
	}

	@ParameterizedTest(name = "{0} needs {2}")
	@MethodSource("methodsAndScopes")
	void aTokenWithoutTheMethodsScopeIsDenied(String name, MethodDescriptor<Message, Message> method, String scope)
			throws Exception {
		List<String> others = new ArrayList<>(TestJwtIssuer.ALL_SCOPES);
		others.remove(scope);

		Status status = call(method, TestJwtIssuer.token().scopes(others.toArray(String[]::new)).sign());

		assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(status.getDescription()).contains(scope);
	}

	@ParameterizedTest(name = "{0} needs {2}")
	@MethodSource("methodsAndScopes")
	void aTokenWithOnlyTheMethodsScopeGetsThrough(String name, MethodDescriptor<Message, Message> method, String scope)
			throws Exception {
		Status status = call(method, TestJwtIssuer.token().scopes(scope).sign());

		assertThat(status.getCode()).isNotIn(Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED);
	}

	@ParameterizedTest(name = "{0} needs a token")
	@MethodSource("methodsAndScopes")
	void noTokenIsUnauthenticated(String name, MethodDescriptor<Message, Message> method, String scope)
			throws Exception {
		assertThat(call(method, null).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	/**
	 * Sends one default request message on any kind of method and returns how the call
	 * closed.
	 */
	private Status call(MethodDescriptor<Message, Message> method, String token) throws Exception {
		var channel = (token != null) ? ClientInterceptors.intercept(this.channel, BearerToken.of(token))
				: this.channel;
		ClientCall<Message, Message> call = channel.newCall(method,
				CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
		CompletableFuture<Status> closed = new CompletableFuture<>();
		CompletableFuture<Metadata> closingTrailers = new CompletableFuture<>();
		call.start(new ClientCall.Listener<>() {
			@Override
			public void onClose(Status status, Metadata trailers) {
				closingTrailers.complete(trailers);
				closed.complete(status);
			}
		}, new Metadata());
		call.request(Integer.MAX_VALUE);
		Message request = ((MethodDescriptor.PrototypeMarshaller<Message>) method.getRequestMarshaller())
			.getMessagePrototype();
		call.sendMessage(request);
		call.halfClose();
		Status status = closed.get(15, TimeUnit.SECONDS);
		if (status.getCode() == Status.Code.PERMISSION_DENIED || status.getCode() == Status.Code.UNAUTHENTICATED) {
			com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, closingTrailers.get());
			assertThat(details.getDetailsList()).as("ErrorInfo of %s", status)
				.anySatisfy((any) -> assertThat(any.is(ErrorInfo.class)).isTrue());
		}
		return status;
	}

}

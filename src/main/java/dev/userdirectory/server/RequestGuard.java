package dev.userdirectory.server;

import java.io.InputStream;
import java.util.List;

import dev.userdirectory.error.ApiException;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;

/**
 * Makes a request that cannot be read a bad request (INVALID_ARGUMENT,
 * {@code MALFORMED_REQUEST}) instead of a server error. grpc-java parses each request
 * message before any interceptor sees it and answers a parse failure itself, with
 * UNKNOWN; for methods that take one request it answers none or two with INTERNAL. Here
 * each method parses into a {@link ParsedRequest} that keeps the failure instead of
 * throwing it, and a listener next to the service turns a failure, or a wrong message
 * count, into an {@link ApiException}: it then goes through the interceptors and the one
 * exception handler like any bad request, and the service is told the call is over (as on
 * a cancel), so it lets go of what the call staged. Interceptors see requests as
 * {@code ParsedRequest}s; none of this service's interceptors reads request messages.
 */
final class RequestGuard {

	private RequestGuard() {
	}

	static ServerServiceDefinition guard(ServerServiceDefinition service) {
		ServiceDescriptor original = service.getServiceDescriptor();
		List<ServerMethodDefinition<?, ?>> methods = original.getMethods()
			.stream()
			.<ServerMethodDefinition<?, ?>>map((method) -> guard(service.getMethod(method.getFullMethodName())))
			.toList();
		ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
			// Reflection finds the service's proto files through it.
			.setSchemaDescriptor(original.getSchemaDescriptor());
		methods.forEach((method) -> descriptor.addMethod(method.getMethodDescriptor()));
		ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(descriptor.build());
		methods.forEach(guarded::addMethod);
		return guarded.build();
	}

	private static <Q, R> ServerMethodDefinition<ParsedRequest<Q>, R> guard(ServerMethodDefinition<Q, R> definition) {
		MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
		ServerCallHandler<Q, R> handler = definition.getServerCallHandler();
		return ServerMethodDefinition.create(
				method.toBuilder(new ParsingMarshaller<>(method.getRequestMarshaller()), method.getResponseMarshaller())
					.build(),
				(call, headers) -> new GuardingListener<>(method,
						handler.startCall(new UnwrappedServerCall<>(call, method), headers)));
	}

	/**
	 * A request message as read off the wire: the message, or null when it could not be
	 * read.
	 */
	record ParsedRequest<Q>(Q message) {

		boolean unreadable() {
			return this.message == null;
		}

	}

	/**
	 * Parses with the method's own marshaller, keeping a failure for the listener to
	 * report.
	 */
	private static final class ParsingMarshaller<Q> implements Marshaller<ParsedRequest<Q>> {

		private final Marshaller<Q> marshaller;

		ParsingMarshaller(Marshaller<Q> marshaller) {
			this.marshaller = marshaller;
		}

		@Override
		public InputStream stream(ParsedRequest<Q> request) {
			return this.marshaller.stream(request.message());
		}

		@Override
		public ParsedRequest<Q> parse(InputStream stream) {
			try {
				return new ParsedRequest<>(this.marshaller.parse(stream));
			}
			catch (RuntimeException unreadable) {
				// The bytes are the only input: whatever a marshaller throws, they are
				// not a request.
				return new ParsedRequest<>(null);
			}
		}

	}

	/**
	 * Hands the service each request that was read; fails the call on one that was not,
	 * or on a wrong message count, telling the service first, and passes nothing on after
	 * that.
	 */
	private static final class GuardingListener<Q> extends ServerCall.Listener<ParsedRequest<Q>> {

		private final MethodDescriptor<Q, ?> method;

		private final ServerCall.Listener<Q> service;

		private final boolean takesOneRequest;

		private int received;

		private boolean failed;

		GuardingListener(MethodDescriptor<Q, ?> method, ServerCall.Listener<Q> service) {
			this.method = method;
			this.service = service;
			this.takesOneRequest = method.getType() == MethodType.UNARY
					|| method.getType() == MethodType.SERVER_STREAMING;
		}

		@Override
		public void onMessage(ParsedRequest<Q> request) {
			if (this.failed) {
				return;
			}
			this.received++;
			if (request.unreadable()) {
				fail("the request message is not a valid " + this.method.getFullMethodName()
						+ " request: its protobuf encoding is malformed (e.g. truncated, mis-sized, "
						+ "invalid UTF-8 in a string, or nested too deeply)");
			}
			if (this.takesOneRequest && this.received > 1) {
				fail(this.method.getFullMethodName() + " takes exactly one request message; this call sent more");
			}
			this.service.onMessage(request.message());
		}

		@Override
		public void onHalfClose() {
			if (this.failed) {
				return;
			}
			if (this.takesOneRequest && this.received == 0) {
				fail(this.method.getFullMethodName() + " takes exactly one request message; this call sent none");
			}
			this.service.onHalfClose();
		}

		@Override
		public void onReady() {
			if (!this.failed) {
				this.service.onReady();
			}
		}

		@Override
		public void onCancel() {
			if (!this.failed) {
				this.service.onCancel();
			}
		}

		@Override
		public void onComplete() {
			if (!this.failed) {
				this.service.onComplete();
			}
		}

		private void fail(String description) {
			this.failed = true;
			this.service.onCancel();
			throw ApiException.malformedRequest(this.method.getFullMethodName(), description);
		}

	}

}

package dev.userdirectory.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Calls users.v1 methods with arbitrary bytes as request messages, under their real names
 * and kinds, as a client with its own (or no) protobuf library could. Responses are
 * counted, not parsed.
 */
public final class RawCalls {

	/**
	 * How a call ended: its status and trailers, how many response messages arrived, and
	 * whether the service had answered (sent response headers) before it ended.
	 */
	public record Outcome(Status status, Metadata trailers, int responses, boolean answered) {
	}

	public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	private final Channel channel;

	public RawCalls(Channel channel) {
		this.channel = channel;
	}

	/** Every method of users.v1.UserService, in the order the proto declares them. */
	public static List<MethodDescriptor<byte[], byte[]>> methods() {
		return UserServiceGrpc.getServiceDescriptor()
			.getMethods()
			.stream()
			.map((method) -> method.toBuilder(BYTES, BYTES).build())
			.toList();
	}

	/** Sends {@code messages} in one call, half-closes, and waits for the call to end. */
	public Outcome call(MethodDescriptor<byte[], byte[]> method, List<byte[]> messages, Duration deadline) {
		ClientCall<byte[], byte[]> call = this.channel.newCall(method,
				CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
		CompletableFuture<Outcome> ended = new CompletableFuture<>();
		AtomicInteger responses = new AtomicInteger();
		AtomicBoolean answered = new AtomicBoolean();
		call.start(new ClientCall.Listener<>() {

			@Override
			public void onHeaders(Metadata headers) {
				answered.set(true);
			}

			@Override
			public void onMessage(byte[] message) {
				responses.incrementAndGet();
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				ended.complete(new Outcome(status, trailers, responses.get(), answered.get()));
			}

		}, new Metadata());
		call.request(Integer.MAX_VALUE);
		messages.forEach(call::sendMessage);
		call.halfClose();
		try {
			return ended.get(deadline.toMillis() + 10_000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AssertionError(method.getFullMethodName() + " did not end, not even at its deadline", ex);
		}
	}

}

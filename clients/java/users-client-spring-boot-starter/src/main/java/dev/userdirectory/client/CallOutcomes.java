package dev.userdirectory.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Reports a {@link CallOutcome} for every call to the listeners (the demo prints them,
 * tests count attempts). Attempts are counted with a stream tracer, which gRPC creates
 * once per attempt below the retry layer; the interceptor itself only ever sees the call
 * as a whole.
 */
final class CallOutcomes implements ClientInterceptor {

	private final List<Consumer<CallOutcome>> listeners;

	CallOutcomes(List<Consumer<CallOutcome>> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		if (this.listeners.isEmpty()) {
			return next.newCall(method, options);
		}
		AtomicInteger attempts = new AtomicInteger();
		ClientStreamTracer.Factory countAttempts = new ClientStreamTracer.Factory() {
			@Override
			public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
				attempts.incrementAndGet();
				return new ClientStreamTracer() {
				};
			}
		};
		Duration deadline = (options.getDeadline() != null)
				? Duration.ofNanos(options.getDeadline().timeRemaining(TimeUnit.NANOSECONDS)) : null;
		long started = System.nanoTime();
		ClientCall<Q, R> call = next.newCall(method, options.withStreamTracerFactory(countAttempts));
		return new SimpleForwardingClientCall<>(call) {
			@Override
			public void start(Listener<R> listener, Metadata headers) {
				super.start(new SimpleForwardingClientCallListener<>(listener) {
					@Override
					public void onClose(Status status, Metadata trailers) {
						report(new CallOutcome(method.getFullMethodName(), status.getCode(), attempts.get(),
								Duration.ofNanos(System.nanoTime() - started), deadline));
						super.onClose(status, trailers);
					}
				}, headers);
			}
		};
	}

	private void report(CallOutcome outcome) {
		this.listeners.forEach((listener) -> listener.accept(outcome));
	}

}

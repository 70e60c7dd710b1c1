package dev.userdirectory.observability;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * What grpc.server observations do not show for streams: messages received and sent, and
 * calls open right now, per method. Tags are the method's service and name only, so
 * cardinality is bounded by the API.
 */
@Component
@GlobalServerInterceptor
@Order(0)
class StreamMetricsInterceptor implements ServerInterceptor {

	private final MeterRegistry meters;

	private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

	StreamMetricsInterceptor(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		MethodDescriptor<Q, R> method = call.getMethodDescriptor();
		Tags tags = Tags.of("rpc_service", String.valueOf(method.getServiceName()), "rpc_method",
				String.valueOf(method.getBareMethodName()));
		Counter received = Counter.builder("grpc.server.messages.received").tags(tags).register(this.meters);
		Counter sent = Counter.builder("grpc.server.messages.sent").tags(tags).register(this.meters);
		AtomicInteger openCalls = this.open.computeIfAbsent(method.getFullMethodName(),
				(name) -> this.meters.gauge("grpc.server.calls.open", tags, new AtomicInteger()));
		openCalls.incrementAndGet();
		AtomicBoolean closed = new AtomicBoolean();
		ServerCall<Q, R> counting = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
			@Override
			public void sendMessage(R message) {
				sent.increment();
				super.sendMessage(message);
			}

			@Override
			public void close(Status status, Metadata trailers) {
				if (closed.compareAndSet(false, true)) {
					openCalls.decrementAndGet();
				}
				super.close(status, trailers);
			}
		};
		ServerCall.Listener<Q> listener = next.startCall(counting, headers);
		return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
			@Override
			public void onMessage(Q message) {
				received.increment();
				super.onMessage(message);
			}

			@Override
			public void onCancel() {
				if (closed.compareAndSet(false, true)) {
					openCalls.decrementAndGet();
				}
				super.onCancel();
			}
		};
	}

}

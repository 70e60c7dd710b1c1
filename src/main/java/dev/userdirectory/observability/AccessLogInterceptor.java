package dev.userdirectory.observability;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * One access-log line per call, written when it closes: method, status, duration, peer and the
 * caller's token subject (never the token). Outermost of all interceptors, so it sees the status
 * the client gets, also for calls refused by security. With
 * {@code logging.structured.format.console} set, the fields are JSON key-values.
 */
@Component
@GlobalServerInterceptor
@Order(0)
class AccessLogInterceptor implements ServerInterceptor {

	/** Where the inner {@link CallerCaptureInterceptor} leaves the subject for this call's line. */
	static final Context.Key<AtomicReference<String>> SUBJECT = Context.key("access-log-subject");

	private static final Logger log = LoggerFactory.getLogger("users.access");

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		long started = System.nanoTime();
		AtomicReference<String> subject = new AtomicReference<>("-");
		SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
		AtomicBoolean logged = new AtomicBoolean();
		ServerCall<Q, R> logging = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
			@Override
			public void close(Status status, Metadata trailers) {
				super.close(status, trailers);
				if (logged.compareAndSet(false, true)) {
					double millis = (System.nanoTime() - started) / 1e6;
					log.atInfo()
						.addKeyValue("grpc.method", call.getMethodDescriptor().getFullMethodName())
						.addKeyValue("grpc.status", status.getCode().name())
						.addKeyValue("duration_ms", String.format("%.2f", millis))
						.addKeyValue("peer", String.valueOf(peer))
						.addKeyValue("subject", subject.get())
						.log("method={} status={} duration_ms={} peer={} subject={}",
								call.getMethodDescriptor().getFullMethodName(), status.getCode(),
								String.format("%.2f", millis), peer, subject.get());
				}
			}
		};
		return Contexts.interceptCall(Context.current().withValue(SUBJECT, subject), logging, headers, next);
	}

}

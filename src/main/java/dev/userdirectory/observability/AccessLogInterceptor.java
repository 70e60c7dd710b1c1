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
 * One access-log line per call, written when it closes: method, status, duration, peer
 * and the caller's token subject (never the token). Outermost of all interceptors, so it
 * sees the status the client gets, also for calls refused by security. With
 * {@code logging.structured.format.console} set, the fields are JSON key-values.
 */
@Component
@GlobalServerInterceptor
@Order(0)
class AccessLogInterceptor implements ServerInterceptor {

	/**
	 * Where the inner {@link CallerCaptureInterceptor} leaves the subject for this call's
	 * line.
	 */
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
				if (logged.compareAndSet(false, true) && log.isInfoEnabled()) {
					String millis = millis(System.nanoTime() - started);
					String method = call.getMethodDescriptor().getFullMethodName();
					log.atInfo()
						.addKeyValue("grpc.method", method)
						.addKeyValue("grpc.status", status.getCode().name())
						.addKeyValue("duration_ms", millis)
						.addKeyValue("peer", String.valueOf(peer))
						.addKeyValue("subject", subject.get())
						.log("method={} status={} duration_ms={} peer={} subject={}", method, status.getCode(), millis,
								peer, subject.get());
				}
			}
		};
		return Contexts.interceptCall(Context.current().withValue(SUBJECT, subject), logging, headers, next);
	}

	/**
	 * Nanoseconds as milliseconds with two decimals. String.format was a tenth of a
	 * GetUser's CPU time in a profile; this is arithmetic.
	 */
	static String millis(long nanos) {
		long hundredths = Math.round(nanos / 10_000.0);
		long fraction = hundredths % 100;
		return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
	}

}

package dev.userdirectory.observability;

import java.util.concurrent.atomic.AtomicReference;

import dev.userdirectory.security.Caller;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Runs inside Spring Security's interceptor, where the caller is known, for the access
 * log.
 */
@Component
@GlobalServerInterceptor
@Order(4)
class CallerCaptureInterceptor implements ServerInterceptor {

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		AtomicReference<String> subject = AccessLogInterceptor.SUBJECT.get();
		if (subject != null) {
			Caller.subject().ifPresent(subject::set);
		}
		return next.startCall(call, headers);
	}

}

package dev.userdirectory.startup;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * The gRPC port is taken. Spring Boot explains a taken HTTP port itself; grpc-java only
 * reports "Failed to bind to address" deep in a stack trace.
 */
class GrpcPortInUseFailureAnalyzer implements FailureAnalyzer {

	private static final Pattern BIND_FAILURE = Pattern.compile("Failed to bind to address .*:(\\d+)");

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		return Causes.find(failure, IOException.class, GrpcPortInUseFailureAnalyzer::isBindFailure).map((bind) -> {
			Matcher port = BIND_FAILURE.matcher(bind.getMessage());
			String number = port.find() ? port.group(1) : "(spring.grpc.server.port)";
			return new FailureAnalysis(
					"The gRPC port " + number + " is already in use, by another " + "users-service or another program.",
					"Stop the process listening on port " + number + " (ss -ltnp 'sport = :" + number
							+ "' names it), or start this one on another port: --spring.grpc.server.port=9091.",
					bind);
		}).orElse(null);
	}

	private static boolean isBindFailure(IOException exception) {
		return exception.getMessage() != null && BIND_FAILURE.matcher(exception.getMessage()).find()
				&& Causes
					.find(exception.getCause(), IOException.class,
							(cause) -> String.valueOf(cause.getMessage()).contains("Address already in use"))
					.isPresent();
	}

}

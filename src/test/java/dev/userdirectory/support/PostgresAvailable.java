package dev.userdirectory.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * PostgreSQL tests run whenever the server answers. Without one they are skipped, loudly,
 * so the default test command still passes on a bare machine, except where PostgreSQL is
 * required ({@code CI=true} or {@code -Dpostgres.required=true}): there they run and
 * fail.
 */
public class PostgresAvailable implements ExecutionCondition {

	private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String url = System.getenv().getOrDefault("TEST_POSTGRES_URL", DEFAULT_URL);
		if (reachable(url)) {
			return ConditionEvaluationResult.enabled("PostgreSQL answers at " + url);
		}
		if (required()) {
			return ConditionEvaluationResult.enabled("PostgreSQL is required here but does not answer at " + url);
		}
		String reason = "PostgreSQL does not answer at " + url + ": PostgreSQL tests SKIPPED";
		System.err.println("\n!!!!! " + reason + " (" + context.getDisplayName() + ") !!!!!\n");
		return ConditionEvaluationResult.disabled(reason);
	}

	private static boolean required() {
		return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("postgres.required");
	}

	private static boolean reachable(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		int port = (uri.getPort() != -1) ? uri.getPort() : 5432;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}

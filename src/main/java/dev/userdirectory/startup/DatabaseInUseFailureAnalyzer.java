package dev.userdirectory.startup;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A second instance started on the same H2 file (another terminal, another port): H2's
 * own advice, "use the server mode", does not apply to this service.
 */
class DatabaseInUseFailureAnalyzer implements FailureAnalyzer {

	/** H2's ErrorCode.DATABASE_ALREADY_OPEN_1; H2 is a runtime dependency only. */
	static final int H2_DATABASE_ALREADY_OPEN = 90020;

	private static final Pattern QUOTED_FILE = Pattern.compile("\"([^\"]+)\"");

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		return Causes.deepest(failure, SQLException.class, DatabaseInUseFailureAnalyzer::isDatabaseInUse)
			.map((inUse) -> new FailureAnalysis(
					"The H2 database " + file(inUse) + " is in use by another process, most likely another "
							+ "users-service started in the same directory: H2 lets one process open a file database.",
					"Stop the other instance, or give this one a database and ports of its own, e.g. "
							+ "--spring.datasource.url=jdbc:h2:file:./data-2/users --spring.grpc.server.port=9091 "
							+ "--server.port=8081. Instances that share data need PostgreSQL (docs/deployment.md).",
					inUse))
			.orElse(null);
	}

	static boolean isDatabaseInUse(SQLException exception) {
		return exception.getErrorCode() == H2_DATABASE_ALREADY_OPEN;
	}

	private static String file(SQLException inUse) {
		Matcher quoted = QUOTED_FILE.matcher(String.valueOf(inUse.getMessage()));
		return quoted.find() ? quoted.group(1) : "file";
	}

}

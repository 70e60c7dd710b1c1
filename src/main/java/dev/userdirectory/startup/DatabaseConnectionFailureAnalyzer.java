package dev.userdirectory.startup;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * The database could not be reached, or refused us, while the service started (Flyway
 * migrates before anything else, after spring.flyway.connect-retries attempts). Calls
 * made later while the database is away fail with UNAVAILABLE instead; this is only about
 * start-up.
 */
class DatabaseConnectionFailureAnalyzer implements FailureAnalyzer {

	private final Environment environment;

	DatabaseConnectionFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		if (Causes.find(failure, SQLException.class, DatabaseInUseFailureAnalyzer::isDatabaseInUse).isPresent()) {
			return null;
		}
		Optional<SQLException> refused = Causes.find(failure, SQLException.class,
				(exception) -> state(exception).startsWith("28") || state(exception).equals("3D000"));
		if (refused.isPresent()) {
			return new FailureAnalysis(
					"The database at " + url() + " refused the connection: " + refused.get().getMessage(),
					"Check spring.datasource.username and spring.datasource.password, and that the database "
							+ "named in spring.datasource.url exists.",
					failure);
		}
		boolean unreachable = Causes.find(failure, SQLException.class, (exception) -> state(exception).startsWith("08"))
			.isPresent() || Causes.find(failure, ConnectException.class, (exception) -> true).isPresent()
				|| Causes.find(failure, UnknownHostException.class, (exception) -> true).isPresent();
		if (!unreachable) {
			return null;
		}
		String reason = Causes.deepest(failure, SQLException.class, (exception) -> true)
			.map(Throwable::getMessage)
			.orElse("unreachable");
		return new FailureAnalysis("Could not connect to the database at " + url() + ": " + reason,
				"Start the database, or point spring.datasource.url (with .username and .password) at a running "
						+ "one. Without spring.datasource.url the service uses an H2 database under ./data.",
				failure);
	}

	/** The configured URL without its parameters, which may carry a password. */
	private String url() {
		String url = this.environment.getProperty("spring.datasource.url", "(spring.datasource.url)");
		int parameters = url.indexOf('?');
		return (parameters < 0) ? url : url.substring(0, parameters);
	}

	private static String state(SQLException exception) {
		return (exception.getSQLState() != null) ? exception.getSQLState() : "";
	}

}

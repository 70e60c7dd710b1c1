package dev.userdirectory.client;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import dev.userdirectory.support.PostgresAvailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresAvailable.class)
class WatchResumeAcrossRestartOnPostgresTest extends WatchResumeAcrossRestartTests {

	private static final String URL = System.getenv().getOrDefault("TEST_POSTGRES_URL",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private static final String USER = System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres");

	/** A schema of this test's own that survives the restart and nothing else. */
	private static final String SCHEMA = "client_watch_it";

	@BeforeEach
	@AfterEach
	void dropSchema() throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, USER, "")) {
			connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
		}
	}

	@Override
	protected List<String> databaseArguments() {
		return List.of("--spring.datasource.url=" + URL + "?currentSchema=" + SCHEMA,
				"--spring.datasource.username=" + USER, "--spring.datasource.password=",
				"--spring.flyway.schemas=" + SCHEMA);
	}

}

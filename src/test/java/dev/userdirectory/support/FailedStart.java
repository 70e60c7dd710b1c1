package dev.userdirectory.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.userdirectory.UserDirectoryApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts the real service with a newcomer's mistake and returns the report it ends with,
 * the part of the output from Spring Boot's "APPLICATION FAILED TO START" on.
 */
public final class FailedStart {

	private static final String REPORT = "APPLICATION FAILED TO START";

	private FailedStart() {
	}

	/**
	 * Command-line arguments for a dev-profile service on free ports, a private in-memory
	 * database and dev key files in a scratch directory, each replaced by an
	 * {@code override} of the same property.
	 */
	public static String[] args(String... overrides) {
		Path devFiles;
		try {
			devFiles = Files.createTempDirectory("dev-files");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> args = new LinkedHashMap<>();
		for (String arg : new String[] { "--spring.grpc.server.port=0", "--server.port=0",
				"--spring.profiles.active=dev",
				"--spring.datasource.url=jdbc:h2:mem:failed-start-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				// Not retried, so a failure to connect is reported at once.
				"--spring.flyway.connect-retries=0",
				"--users.security.dev.key-file=" + devFiles.resolve("dev-jwt-signing-key.json"),
				"--users.security.dev.token-file=" + devFiles.resolve("dev-token") }) {
			args.put(arg.substring(0, arg.indexOf('=')), arg);
		}
		for (String arg : overrides) {
			args.put(arg.substring(0, arg.indexOf('=')), arg);
		}
		return args.values().toArray(String[]::new);
	}

	/**
	 * Starts the service with {@link #args}, expects it to fail, and returns its report.
	 */
	public static String report(CapturedOutput output, String... overrides) {
		String[] args = args(overrides);
		int before = output.length();
		assertThatException().isThrownBy(() -> SpringApplication.run(UserDirectoryApplication.class, args).close());
		String printed = output.toString().substring(before);
		assertThat(printed).as("the start-up output").contains(REPORT);
		String report = printed.substring(printed.lastIndexOf(REPORT));
		assertThat(report).as("the report a newcomer reads").doesNotContain("\tat ").doesNotContain("Caused by");
		return report;
	}

}

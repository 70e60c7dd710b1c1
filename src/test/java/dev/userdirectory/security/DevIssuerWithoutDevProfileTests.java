package dev.userdirectory.security;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dev token issuer starts only when the start asked for the dev profile, also in a
 * jar whose context Spring AOT built with that profile (which it then re-activates at
 * every start); otherwise it refuses before any key or token exists.
 */
class DevIssuerWithoutDevProfileTests {

	@Test
	void theDevIssuerRefusesToStartWithoutTheDevProfileAndWritesNoKey(@TempDir Path data) {
		Path keyFile = data.resolve("dev-jwt-signing-key.json");
		MockEnvironment production = new MockEnvironment();
		production.setActiveProfiles("production");

		assertThatExceptionOfType(DevIssuerWithoutDevProfileException.class)
			.isThrownBy(() -> new DevTokenConfiguration().devSigningKey(properties(keyFile), production))
			.withMessageContaining("this start did not ask for the dev profile");
		assertThat(keyFile).doesNotExist();
	}

	@Test
	void inTheDevProfileItMakesItsKey(@TempDir Path data) throws Exception {
		Path keyFile = data.resolve("dev-jwt-signing-key.json");
		MockEnvironment dev = new MockEnvironment();
		dev.setActiveProfiles("dev");

		assertThat(new DevTokenConfiguration().devSigningKey(properties(keyFile), dev).isPrivate()).isTrue();
		assertThat(keyFile).exists();
	}

	@Test
	void aheadOfTimeTheProfileAotReactivatedDoesNotCountOnlyWhatTheStartWasGiven() {
		MockEnvironment reactivatedByAot = new MockEnvironment();
		reactivatedByAot.setActiveProfiles("dev");
		assertThat(DevTokenConfiguration.devAskedFor(reactivatedByAot, true)).isFalse();

		MockEnvironment askedFor = new MockEnvironment().withProperty("spring.profiles.active", "local, dev");
		askedFor.setActiveProfiles("dev");
		assertThat(DevTokenConfiguration.devAskedFor(askedFor, true)).isTrue();

		MockEnvironment included = new MockEnvironment().withProperty("spring.profiles.include", "dev");
		assertThat(DevTokenConfiguration.devAskedFor(included, true)).isTrue();

		MockEnvironment similar = new MockEnvironment().withProperty("spring.profiles.active", "devops");
		assertThat(DevTokenConfiguration.devAskedFor(similar, true)).isFalse();
	}

	@Test
	void theFailedStartSaysWhyAndHowToStartSafely() {
		FailureAnalysis analysis = new DevIssuerWithoutDevProfileFailureAnalyzer()
			.analyze(new IllegalStateException(new DevIssuerWithoutDevProfileException()));

		assertThat(analysis.getDescription()).contains("AOT-processed with the dev profile")
			.contains("-Dspring.aot.enabled=true");
		assertThat(analysis.getAction()).contains("without -Dspring.aot.enabled=true");
	}

	private static SecurityProperties properties(Path keyFile) {
		return new Binder(new MapConfigurationPropertySource(Map.of("users.security.dev.key-file", keyFile.toString())))
			.bindOrCreate("users.security", SecurityProperties.class);
	}

}

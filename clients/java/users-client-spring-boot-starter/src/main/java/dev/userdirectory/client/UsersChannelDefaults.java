package dev.userdirectory.client;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The {@code users} channel's defaults ({@code users-channel-defaults.yaml}: a deadline,
 * the retry policy users.v1's methods allow, retry throttling, keepalive within the
 * service's limits), added last so that any property of the application overrides them.
 * This way a consumer sets the target and a token source, and gets the same channel the
 * service's own tools use.
 */
class UsersChannelDefaults implements EnvironmentPostProcessor {

	static final String NAME = "users-channel-defaults";

	private static final ClassPathResource DEFAULTS = new ClassPathResource(
			"dev/userdirectory/client/users-channel-defaults.yaml");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(NAME)) {
			return;
		}
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load(NAME, DEFAULTS)) {
				environment.getPropertySources().addLast(source);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + DEFAULTS, ex);
		}
	}

}

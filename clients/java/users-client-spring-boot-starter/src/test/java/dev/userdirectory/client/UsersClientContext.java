package dev.userdirectory.client;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application that uses the starter as a consumer does: the target, a token and the
 * given overrides, with a {@link RecordedOutcomes} listening to every call. Its
 * configuration files are named {@code users-client}, so on users-cli's class path it
 * also gets the CLI's own (users-client.yaml and its profiles).
 */
public final class UsersClientContext implements AutoCloseable {

	final ConfigurableApplicationContext context;

	public final RecordedOutcomes outcomes = new RecordedOutcomes();

	public UsersClientContext(int port, String... overrides) {
		List<String> args = new ArrayList<>(List.of(overrides));
		args.add("--spring.grpc.client.channel.users.target=static://127.0.0.1:" + port);
		if (args.stream().noneMatch((arg) -> arg.startsWith("--users.client.token="))) {
			args.add("--users.client.token=scripted-token");
		}
		this.context = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
			.properties("spring.config.name=users-client", "spring.main.banner-mode=off")
			.initializers((context) -> context.getBeanFactory().registerSingleton("recordedOutcomes", this.outcomes))
			.run(args.toArray(String[]::new));
	}

	public UsersClient client() {
		return this.context.getBean(UsersClient.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@EnableAutoConfiguration
	static class ClientApplication {

	}

}

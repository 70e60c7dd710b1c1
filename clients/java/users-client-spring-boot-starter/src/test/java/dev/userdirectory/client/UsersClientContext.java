package dev.userdirectory.client;

import java.util.ArrayList;
import java.util.List;

import dev.userdirectory.client.cli.ClientCommandLine;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A client application as the {@code client} command builds it: users-client.yaml's channel
 * settings (deadline, retry policy, throttling) plus the given overrides, with a
 * {@link RecordedOutcomes} listening to every call.
 */
final class UsersClientContext implements AutoCloseable {

	final ConfigurableApplicationContext context;

	final RecordedOutcomes outcomes = new RecordedOutcomes();

	UsersClientContext(int port, String... overrides) {
		List<String> args = new ArrayList<>(List.of(overrides));
		args.add("--spring.grpc.client.channel.users.target=static://127.0.0.1:" + port);
		if (args.stream().noneMatch((arg) -> arg.startsWith("--users.client.token="))) {
			args.add("--users.client.token=scripted-token");
		}
		this.context = new SpringApplicationBuilder(ClientCommandLine.class)
			.properties("spring.config.name=users-client")
			.initializers((context) -> context.getBeanFactory().registerSingleton("recordedOutcomes", this.outcomes))
			.run(args.toArray(String[]::new));
	}

	UsersClient client() {
		return this.context.getBean(UsersClient.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}

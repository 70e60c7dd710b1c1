package dev.userdirectory.client.cli;

import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar users-service.jar client <command> [--property=value ...]}: runs one of the
 * client commands against a running service, configured by {@code users-client.yaml} and the
 * usual Spring Boot property sources. Not a {@code @Configuration}, so the service's component
 * scan never picks it up; the command classes are given to Spring explicitly.
 */
@EnableAutoConfiguration
public final class ClientCommandLine {

	private static final Map<String, Class<?>> COMMANDS = Map.of("demo", DemoCommand.class);

	private ClientCommandLine() {
	}

	public static int run(String... args) {
		Class<?> command = (args.length > 0) ? COMMANDS.get(args[0]) : null;
		if (command == null) {
			System.err.println("usage: java -jar users-service.jar client " + String.join("|", COMMANDS.keySet())
					+ " [--spring.grpc.client.channel.users.target=static://host:9090] [--users.client.token=JWT]");
			return 2;
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ClientCommandLine.class, command)
			.properties("spring.config.name=users-client")
			.run(Arrays.copyOfRange(args, 1, args.length));
		return SpringApplication.exit(context);
	}

}

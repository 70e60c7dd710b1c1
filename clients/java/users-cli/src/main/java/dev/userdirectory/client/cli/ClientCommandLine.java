package dev.userdirectory.client.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.userdirectory.client.cli.probe.ProbeCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar users-cli.jar <command> [--property=value ...]}: runs one of the
 * client commands against a running service, configured by {@code users-client.yaml} and
 * the usual Spring Boot property sources. Not a {@code @Configuration}: the command
 * classes are given to Spring explicitly, so that only the one asked for runs.
 */
@EnableAutoConfiguration
public final class ClientCommandLine {

	private static final Map<String, Class<?>> COMMANDS = Map.of("demo", DemoCommand.class, "probe",
			ProbeCommand.class);

	/**
	 * Profiles a command runs with: its users-client-{profile}.yaml overrides
	 * users-client.yaml.
	 */
	private static final Map<String, List<String>> PROFILES = Map.of("probe", List.of("probe"));

	/** What {@code client <command> --help} prints, for commands that take options. */
	private static final Map<String, String> USAGES = Map.of("probe", ProbeCommand.usage());

	private ClientCommandLine() {
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	public static int run(String... args) {
		Class<?> command = (args.length > 0) ? COMMANDS.get(args[0]) : null;
		if (command == null) {
			System.err.println("usage: java -jar users-cli.jar " + String.join("|", COMMANDS.keySet())
					+ " [--spring.grpc.client.channel.users.target=static://host:9090] [--users.client.token=JWT]");
			return 2;
		}
		List<String> options = Arrays.asList(args).subList(1, args.length);
		if (options.contains("--help") || options.contains("-h")) {
			System.out.print(USAGES.getOrDefault(args[0], "usage: java -jar users-cli.jar " + args[0]
					+ " [--spring.grpc.client.channel.users.target=static://host:9090] [--users.client.token=JWT]\n"));
			return 0;
		}
		ConfigurableApplicationContext context;
		try {
			context = new SpringApplicationBuilder(ClientCommandLine.class, command)
				.properties("spring.config.name=users-client")
				.profiles(PROFILES.getOrDefault(args[0], List.of()).toArray(String[]::new))
				.run(options.toArray(String[]::new));
		}
		catch (RuntimeException failedToStart) {
			// Spring Boot has reported why (e.g. an option that does not bind, no
			// credentials). Not 1,
			// which a command uses for "ran, and the service failed the check".
			return 2;
		}
		return SpringApplication.exit(context);
	}

}

package dev.userdirectory;

import java.util.Arrays;

import dev.userdirectory.client.cli.ClientCommandLine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
@ConfigurationPropertiesScan
public class UserDirectoryApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("client")) {
			// The same jar is the service's client: java -jar users-service.jar client demo
			System.exit(ClientCommandLine.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		ConfigurableApplicationContext context = SpringApplication.run(UserDirectoryApplication.class, args);
		exitCleanlyOnSigterm(context);
	}

	/**
	 * SIGTERM is how Kubernetes asks a pod to stop: shut down gracefully (see GracefulShutdown)
	 * and exit 0, where the JVM's default would report 143 as if the process had failed.
	 */
	@SuppressWarnings("removal")
	private static void exitCleanlyOnSigterm(ConfigurableApplicationContext context) {
		try {
			sun.misc.Signal.handle(new sun.misc.Signal("TERM"),
					(signal) -> new Thread(() -> System.exit(SpringApplication.exit(context)), "sigterm").start());
		}
		catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
			// No SIGTERM on this platform: the JVM's own shutdown hook still closes the context.
		}
	}

}

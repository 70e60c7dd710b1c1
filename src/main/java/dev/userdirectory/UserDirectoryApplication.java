package dev.userdirectory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
@ConfigurationPropertiesScan
public class UserDirectoryApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(UserDirectoryApplication.class, args);
		exitCleanlyOnSigterm(context);
	}

	/**
	 * SIGTERM is how Kubernetes asks a pod to stop: shut down gracefully (see
	 * GracefulShutdown) and exit 0, where the JVM's default would report 143 as if the
	 * process had failed.
	 */
	@SuppressWarnings("removal")
	private static void exitCleanlyOnSigterm(ConfigurableApplicationContext context) {
		try {
			sun.misc.Signal.handle(new sun.misc.Signal("TERM"),
					(signal) -> new Thread(() -> System.exit(SpringApplication.exit(context)), "sigterm").start());
		}
		catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
			// No SIGTERM on this platform: the JVM's own shutdown hook still closes the
			// context.
		}
	}

}

package dev.userdirectory.bench;

import dev.userdirectory.api.v1.UserServiceGrpc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The floor of bench/startup: the service's own starters, configuration and Flyway
 * migrations, with none of its code: no component scan, no entities, and users.v1 served
 * by the generated base class alone (every method UNIMPLEMENTED; Spring gRPC starts no
 * server without a service). What this takes to start on a machine is what Spring Boot,
 * Hibernate, Flyway, gRPC and Actuator cost there before the service adds anything.
 *
 * <p>
 * Not a {@code @SpringBootConfiguration} (nor any {@code @Component}): it sits under the
 * service's package, and the service's component scan in the test suites would pick up a
 * configuration class here and register its users.v1 service twice. As the primary source
 * it is configured all the same.
 */
@EnableAutoConfiguration
public class StackFloorApplication {

	public static void main(String[] args) {
		SpringApplication.run(StackFloorApplication.class, args);
	}

	@Bean
	UserServiceGrpc.UserServiceImplBase unimplementedUsers() {
		return new UserServiceGrpc.UserServiceImplBase() {
		};
	}

}

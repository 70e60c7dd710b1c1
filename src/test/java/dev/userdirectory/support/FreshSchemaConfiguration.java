package dev.userdirectory.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The PostgreSQL server outlives test runs, so each run drops what an earlier one left
 * and migrates from scratch: the migrations themselves are under test.
 */
@TestConfiguration(proxyBeanMethods = false)
class FreshSchemaConfiguration {

	@Bean
	FlywayMigrationStrategy cleanThenMigrate() {
		return (flyway) -> {
			flyway.clean();
			flyway.migrate();
		};
	}

}

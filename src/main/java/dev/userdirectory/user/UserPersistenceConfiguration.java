package dev.userdirectory.user;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryBuilderCustomizer;
import org.springframework.boot.jpa.autoconfigure.JpaProperties;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.data.repository.config.BootstrapMode;

/**
 * JPA as start-up wants it. Hibernate builds its metamodel on a thread of its own
 * ({@code spring.jpa.bootstrap: async}) while the rest of the context's beans are
 * created, and the repository, deferred, is created once the context has refreshed,
 * before the service reports ready. The one entity and repository are named by their
 * package, so neither scan reads the rest of the service's classes (half of them
 * generated protobuf code).
 */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = UserEntity.class)
@EnableJpaRepositories(basePackageClasses = UserRepository.class, bootstrapMode = BootstrapMode.DEFERRED)
class UserPersistenceConfiguration {

	/**
	 * The thread Hibernate boots on when {@code spring.jpa.bootstrap} is {@code async}.
	 * Spring Boot would take its applicationTaskExecutor, which the service does not
	 * have: Spring Boot backs off from it because the gRPC call pool is an Executor bean.
	 */
	@Bean
	EntityManagerFactoryBuilderCustomizer backgroundJpaBootstrap(JpaProperties jpa) {
		return (builder) -> {
			if (jpa.getBootstrap() == JpaProperties.Bootstrap.ASYNC) {
				builder.setBootstrapExecutor(new SimpleAsyncTaskExecutor("jpa-bootstrap-"));
			}
		};
	}

	/**
	 * Hibernate is ready once every bean exists, before the servers start: a mapping
	 * error still fails start-up before the ports open, and a run that stops at refresh
	 * (the AOT cache's training) has seen all of Hibernate's start-up.
	 */
	@Bean
	SmartInitializingSingleton hibernateReadyBeforeServers(ObjectProvider<EntityManagerFactory> entityManagerFactory) {
		return () -> entityManagerFactory.getObject().getMetamodel();
	}

}

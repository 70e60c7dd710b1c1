package dev.userdirectory.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.util.ClassUtils;

/**
 * A {@link UsersClient} for any application that configures the {@code users} channel
 * ({@code spring.grpc.client.channel.users.target}); without it, nothing is created. The
 * channel's defaults (deadline, retry policy, throttling) come from
 * {@link UsersChannelDefaults}; OAuth2 client credentials only when the application has
 * Spring Security's OAuth2 client, which this starter does not impose.
 */
@AutoConfiguration(after = GrpcClientAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration")
@ConditionalOnProperty(prefix = "spring.grpc.client.channel.users", name = "target")
@EnableConfigurationProperties(UsersClientProperties.class)
public class UsersClientAutoConfiguration {

	static final String CHANNEL = "users";

	private static final String OAUTH2_CLIENT = "org.springframework.security.oauth2.client.registration.ClientRegistrationRepository";

	@Bean(destroyMethod = "shutdownNow")
	ManagedChannel usersChannel(GrpcChannelFactory channels, BearerTokenCredentials credentials,
			ObjectProvider<Consumer<CallOutcome>> outcomeListeners) {
		List<ClientInterceptor> interceptors = new ArrayList<>();
		interceptors.add(new IdempotentCreates());
		interceptors.add(withCredentials(credentials));
		interceptors.add(new CallOutcomes(outcomeListeners.orderedStream().toList()));
		return channels.createChannel(CHANNEL, ChannelBuilderOptions.defaults().withInterceptors(interceptors));
	}

	@Bean
	BearerTokenCredentials usersBearerToken(UsersClientProperties properties, BeanFactory beans) {
		if (properties.hasStaticToken()) {
			String token = properties.token().strip();
			return new BearerTokenCredentials(() -> token);
		}
		UsersClientProperties.OAuth2 oauth2 = properties.oauth2();
		if (oauth2.isConfigured()) {
			if (!ClassUtils.isPresent(OAUTH2_CLIENT, UsersClientAutoConfiguration.class.getClassLoader())) {
				throw new MissingClientCredentialsException("users.client.oauth2 is set, but Spring Security's "
						+ "OAuth2 client is not on the class path (add spring-boot-starter-security-oauth2-client)");
			}
			return new BearerTokenCredentials(ClientCredentialsTokens.from(beans, oauth2, Clock.systemUTC()));
		}
		// Fail closed at start-up, not with UNAUTHENTICATED on the first call.
		throw new MissingClientCredentialsException();
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService usersWatchScheduler() {
		return Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "users-watch-resume");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	UsersClient usersClient(ManagedChannel usersChannel, UsersClientProperties properties,
			ScheduledExecutorService usersWatchScheduler) {
		// No deadline of its own: Spring gRPC gives every call without one the channel's
		// default.
		return new UsersClient(usersChannel, null, properties.watch(), usersWatchScheduler);
	}

	/** Sets the bearer token on calls that have no other credentials. */
	private static ClientInterceptor withCredentials(BearerTokenCredentials credentials) {
		return new ClientInterceptor() {
			@Override
			public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
					Channel next) {
				return next.newCall(method,
						(options.getCredentials() != null) ? options : options.withCallCredentials(credentials));
			}
		};
	}

}

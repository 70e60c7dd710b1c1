package dev.userdirectory.security;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for both ports. gRPC: every call goes through Spring gRPC's
 * authentication interceptor, which validates the bearer JWT with the resource server's
 * {@link JwtDecoder} and authorizes the method from {@link RpcScopes}. HTTP: probes and
 * scraping are open, the rest of actuator needs a token. Without a JwtDecoder (none of
 * the standard JWT properties, and not the dev profile) the service refuses to start, and
 * so it does without an audience ({@link AudienceRequirement}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@GlobalServerInterceptor
	AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc, ObjectProvider<JwtDecoder> jwtDecoder)
			throws Exception {
		JwtDecoder decoder = required(jwtDecoder);
		return grpc.authorizationManager(new ScopeAuthorizationManager())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder)))
			.build();
	}

	@Bean
	SecurityFilterChain actuatorSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
		JwtDecoder decoder = required(jwtDecoder);
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus")
				.permitAll()
				// A backup reads every user: operators only.
				.requestMatchers("/actuator/backup")
				.hasAuthority("SCOPE_" + RpcScopes.ADMIN)
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder)))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Bearer tokens, no cookies: there is no session for a cross-site request to
			// ride on.
			.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.build();
	}

	/**
	 * Replaces Spring Security's default 60 s leeway on exp and nbf with the configured
	 * one.
	 */
	@Bean
	OAuth2TokenValidator<Jwt> jwtTimestampValidator(SecurityProperties properties) {
		return new JwtTimestampValidator(properties.clockSkew());
	}

	/**
	 * Refuses tokens without exp or subject (and, when configured, with too long a
	 * lifetime). As an OAuth2TokenValidator bean it joins Spring Boot's decoder; the dev
	 * profile's adds it too.
	 */
	@Bean
	OAuth2TokenValidator<Jwt> tokenClaimsValidator(SecurityProperties properties) {
		return new TokenClaimsValidator(properties.maxTokenLifetime());
	}

	@Bean
	AudienceRequirement audienceRequirement(Environment environment, OAuth2ResourceServerProperties resourceServer,
			SecurityProperties properties) {
		return new AudienceRequirement(environment.matchesProfiles("dev"), resourceServer.getJwt().getAudiences(),
				properties.audienceRequired());
	}

	/**
	 * Nimbus would otherwise keep a fetched JWK set for five minutes whatever the issuer
	 * does; this bounds how long a key rotated out of it is still trusted.
	 */
	@Bean
	JwkSetUriJwtDecoderBuilderCustomizer jwkSetCache(SecurityProperties properties) {
		return (builder) -> builder.cache(new CaffeineCache("jwk-set",
				Caffeine.newBuilder().expireAfterWrite(properties.jwkSetCacheTtl()).maximumSize(16).build()));
	}

	@Bean
	static BeanPostProcessor cachingJwtDecoderPostProcessor(ObjectProvider<SecurityProperties> properties,
			ObjectProvider<Clock> clock) {
		// Every JwtDecoder, Spring Boot's or the dev profile's, gets the cache in front
		// of it.
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
					SecurityProperties.TokenCache cache = properties.getObject().tokenCache();
					return new CachingJwtDecoder(decoder, cache.maxSize(), cache.ttl(), clock.getObject());
				}
				return bean;
			}
		};
	}

	private static JwtDecoder required(ObjectProvider<JwtDecoder> jwtDecoder) {
		JwtDecoder decoder = jwtDecoder.getIfAvailable();
		if (decoder == null) {
			throw new MissingJwtConfigurationException();
		}
		return decoder;
	}

}

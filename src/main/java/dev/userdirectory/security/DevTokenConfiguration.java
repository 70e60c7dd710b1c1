package dev.userdirectory.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aot.AotDetector;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The dev profile's own token issuer, so a laptop needs nothing: an EC P-256 key (ES256)
 * generated once and kept under ./data (restarts keep issued tokens valid), trusted as
 * the only signer, and a token with every scope printed at start-up. Exists only in the
 * dev profile.
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
class DevTokenConfiguration {

	static final String ISSUER = "users-dev";

	/**
	 * What the dev token's aud names, and the dev decoder requires, as a production
	 * issuer's would.
	 */
	static final String AUDIENCE = "users.v1";

	private static final Logger log = LoggerFactory.getLogger(DevTokenConfiguration.class);

	@Bean
	JWK devSigningKey(SecurityProperties properties, Environment environment) throws IOException, JOSEException {
		if (!devAskedFor(environment, AotDetector.useGeneratedArtifacts())) {
			throw new DevIssuerWithoutDevProfileException();
		}
		Path keyFile = properties.dev().keyFile();
		if (Files.exists(keyFile)) {
			try {
				return signingKey(JWK.parse(Files.readString(keyFile, StandardCharsets.UTF_8)));
			}
			catch (IOException | ParseException ex) {
				throw new UnreadableKeyFileException(keyFile, ex);
			}
		}
		// EC rather than RSA: generating an RSA-2048 key is a search for primes that took
		// over a second of a cold start on two cores; a P-256 key is one multiplication.
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("dev-" + UUID.randomUUID()).generate();
		writeOwnerOnly(keyFile, key.toJSONString());
		log.info("Generated the dev profile's JWT signing key in {}", keyFile.toAbsolutePath());
		return key;
	}

	/**
	 * Whether this start asked for the dev profile. {@code @Profile} already decides that
	 * when the context is built at start-up; a context Spring AOT built ahead of time
	 * (pom.xml's spring-aot-measurement) re-activates the profiles it was processed with
	 * whatever the start asks for, so there only what the start was given counts.
	 */
	static boolean devAskedFor(Environment environment, boolean aheadOfTime) {
		if (!aheadOfTime) {
			return environment.matchesProfiles("dev");
		}
		return Stream.of("spring.profiles.active", "spring.profiles.include")
			.map(environment::getProperty)
			.filter(Objects::nonNull)
			.flatMap((profiles) -> Arrays.stream(profiles.split(",")))
			.anyMatch((profile) -> profile.trim().equals("dev"));
	}

	/**
	 * A key file of an earlier version holds an RSA key; it keeps signing, so tokens
	 * already handed out stay valid.
	 */
	private static JWK signingKey(JWK parsed) throws ParseException {
		boolean usable = (parsed instanceof RSAKey || (parsed instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())))
				&& parsed.isPrivate();
		if (!usable) {
			throw new ParseException("not a private RSA or EC P-256 key", 0);
		}
		return parsed;
	}

	static SignatureAlgorithm algorithm(JWK key) {
		return (key instanceof ECKey) ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256;
	}

	@Bean
	JwtDecoder devJwtDecoder(JWK devSigningKey, List<OAuth2TokenValidator<Jwt>> serviceValidators) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSource(new ImmutableJWKSet<>(new JWKSet(devSigningKey.toPublicJWK())))
			.jwsAlgorithm(algorithm(devSigningKey))
			.build();
		// The same checks as Spring Boot's decoder runs in production: the service's
		// validators, then issuer and audience.
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(serviceValidators);
		validators.add(new JwtIssuerValidator(ISSUER));
		validators.add(new JwtAudienceValidator(AUDIENCE));
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
		return decoder;
	}

	@Bean
	ApplicationListener<GrpcServerStartedEvent> devTokenPrinter(JWK devSigningKey, Clock clock,
			SecurityProperties properties) {
		return (event) -> {
			SecurityProperties.Dev dev = properties.dev();
			String token = mint(devSigningKey, clock.instant(), dev.tokenLifetime());
			try {
				writeOwnerOnly(dev.tokenFile(), token);
			}
			catch (IOException ex) {
				log.warn("Could not write the development token to {}: {}", dev.tokenFile(), ex.getMessage());
			}
			log.info("{}", announcement(token, dev, event.getPort()));
		};
	}

	/**
	 * What a developer pastes first. Built without log placeholders, so the JSON's braces
	 * reach the terminal exactly as a shell needs them; scripts/smoke-test runs these
	 * lines verbatim.
	 */
	static String announcement(String token, SecurityProperties.Dev dev, int port) {
		return """

				Development token (dev profile only; scopes users.read users.write chat; valid %s; also in %s):

				%s

				Try it:
				  buf curl --protocol grpc --http2-prior-knowledge -H "authorization: Bearer %s" \\
				    -d '{"email": "ada@example.com", "name": "Ada Lovelace", "request_id": "first-call"}' \\
				    http://localhost:%d/users.v1.UserService/CreateUser
				""".formatted(dev.tokenLifetime(), dev.tokenFile(), token, token, port);
	}

	/**
	 * Writes a secret readable by its owner only, replacing any earlier one in one step.
	 */
	private static void writeOwnerOnly(Path file, String content) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
		try {
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: the file stays readable as the directory allows.
		}
		Files.writeString(temporary, content, StandardCharsets.UTF_8);
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	static String mint(JWK key, Instant now, Duration lifetime) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.audience(List.of(AUDIENCE))
			.subject("dev-user")
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(lifetime))
			.claim("scope", String.join(" ", RpcScopes.READ, RpcScopes.WRITE, RpcScopes.CHAT))
			.build();
		JwsHeader header = JwsHeader.with(algorithm(key)).keyId(key.getKeyID()).build();
		return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}

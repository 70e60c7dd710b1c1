package dev.userdirectory.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.GrpcErrors;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fail closed: no token validation, or no audience to check, means no service, except in
 * the dev profile, whose own tokens carry what production tokens must.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupSecurityTests {

	/** The first JWT after the announcement, whether the log is plain text or JSON. */
	private static final Pattern PRINTED_TOKEN = Pattern.compile("Development token.*?(eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+)",
			Pattern.DOTALL);

	private static ConfigurableApplicationContext start(String... extraArgs) {
		String[] base = { "--spring.grpc.server.port=0", "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:startup-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" };
		String[] args = new String[base.length + extraArgs.length];
		System.arraycopy(base, 0, args, 0, base.length);
		System.arraycopy(extraArgs, 0, args, base.length, extraArgs.length);
		return SpringApplication.run(UserDirectoryApplication.class, args);
	}

	@Test
	void refusesToStartWithoutAnyJwtSetting(CapturedOutput output) {
		assertThatException().isThrownBy(StartupSecurityTests::start)
			.withRootCauseInstanceOf(MissingJwtConfigurationException.class);
		assertThat(output).contains("spring.security.oauth2.resourceserver.jwt.issuer-uri");
	}

	@Test
	void refusesToStartWithKeysButWithoutAnAudience(CapturedOutput output) {
		assertThatExceptionOfType(MissingAudienceException.class).isThrownBy(
				() -> start("--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestJwtIssuer.jwkSetUri()));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("spring.security.oauth2.resourceserver.jwt.audiences")
			.contains("users.security.audience-required=false");
		assertThat(output).doesNotContain("Started UserDirectoryApplication");
	}

	@Test
	void aBlankAudienceIsNoAudience() {
		assertThatExceptionOfType(MissingAudienceException.class).isThrownBy(
				() -> start("--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestJwtIssuer.jwkSetUri(),
						"--spring.security.oauth2.resourceserver.jwt.audiences= "));
	}

	@Test
	void startsWithoutAnAudienceOnlyWhenTheRequirementIsSwitchedOffOnPurpose(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext service = start(
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestJwtIssuer.jwkSetUri(),
				"--users.security.audience-required=false")) {
			assertThat(output).contains("WARN")
				.contains(
						"users.security.audience-required=false and no spring.security.oauth2.resourceserver.jwt.audiences");
			// What switching it off means: tokens minted for other APIs get in.
			assertAccepted(service, TestJwtIssuer.token().audience("another-api").sign());
			// Everything else is still checked.
			assertRefused(service, TestJwtIssuer.token().audience("another-api").without("sub").sign(), "MISSING_SUB");
		}
	}

	@Test
	void theDevTokenCarriesExpirySubjectAndTheDevAudience(@TempDir Path data, CapturedOutput output) throws Exception {
		Path keyFile = data.resolve("dev-key.json");
		try (ConfigurableApplicationContext service = start("--spring.profiles.active=dev",
				"--users.security.dev.key-file=" + keyFile)) {
			String printed = printedToken(output);
			JWTClaimsSet claims = SignedJWT.parse(printed).getJWTClaimsSet();
			assertThat(claims.getExpirationTime()).isAfter(new Date());
			assertThat(claims.getSubject()).isNotBlank();
			assertThat(claims.getAudience()).containsExactly(DevTokenConfiguration.AUDIENCE);
			assertAccepted(service, printed);
			// The dev decoder checks the audience and the claims as production does.
			JWK devKey = JWK.parse(Files.readString(keyFile));
			assertRefused(service, devToken(devKey).audience("another-api").sign(), "WRONG_AUDIENCE");
			assertRefused(service, devToken(devKey).without("exp").sign(), "MISSING_EXP");
			assertAccepted(service, devToken(devKey).sign());
		}
	}

	@Test
	void aNewDevKeyIsAnEcKeyAndItsTokensAreEs256(@TempDir Path data, CapturedOutput output) throws Exception {
		Path keyFile = data.resolve("dev-key.json");
		try (ConfigurableApplicationContext service = start("--spring.profiles.active=dev",
				"--users.security.dev.key-file=" + keyFile)) {
			String printed = printedToken(output);
			assertThat(SignedJWT.parse(printed).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
			assertThat(JWK.parse(Files.readString(keyFile)).getKeyType().getValue()).isEqualTo("EC");
			// The dev decoder trusts its own key only, not any key of the same kind.
			assertRefused(service,
					TestJwtIssuer.token()
						.signedWith(TestJwtIssuer.generateEc())
						.issuer(DevTokenConfiguration.ISSUER)
						.audience(DevTokenConfiguration.AUDIENCE)
						.sign(),
					"UNVERIFIED");
		}
	}

	@Test
	void anRsaDevKeyFromAnEarlierVersionKeepsSigningSoIssuedTokensStayValid(@TempDir Path data, CapturedOutput output)
			throws Exception {
		Path keyFile = data.resolve("dev-key.json");
		JWK earlierKey = TestJwtIssuer.generateRsa();
		Files.writeString(keyFile, earlierKey.toJSONString());
		String issuedEarlier = devToken(earlierKey).sign();
		try (ConfigurableApplicationContext service = start("--spring.profiles.active=dev",
				"--users.security.dev.key-file=" + keyFile)) {
			assertAccepted(service, issuedEarlier);
			String printed = printedToken(output);
			assertThat(SignedJWT.parse(printed).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
			assertAccepted(service, printed);
			assertThat(JWK.parse(Files.readString(keyFile))).isEqualTo(earlierKey);
		}
	}

	private static TestJwtIssuer.Token devToken(JWK devKey) {
		return TestJwtIssuer.token()
			.signedWith(devKey)
			.issuer(DevTokenConfiguration.ISSUER)
			.audience(DevTokenConfiguration.AUDIENCE);
	}

	@Test
	void theDevProfileIssuesAWorkingTokenThatSurvivesARestart(@TempDir Path data, CapturedOutput output)
			throws Exception {
		Path keyFile = data.resolve("dev-key.json");
		Path tokenFile = data.resolve("dev-token");
		String token;
		try (ConfigurableApplicationContext service = start("--spring.profiles.active=dev",
				"--users.security.dev.key-file=" + keyFile, "--users.security.dev.token-file=" + tokenFile)) {
			token = printedToken(output);
			assertThat(output).contains("buf curl").contains("authorization: Bearer " + token);
			assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			// What the README's first call reads with TOKEN=$(cat data/dev-token).
			assertThat(tokenFile).hasContent(token);
			assertThat(Files.getPosixFilePermissions(tokenFile))
				.isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertAccepted(service, token);
		}
		try (ConfigurableApplicationContext restarted = start("--spring.profiles.active=dev",
				"--users.security.dev.key-file=" + keyFile, "--users.security.dev.token-file=" + tokenFile)) {
			assertAccepted(restarted, token);
		}
	}

	private static String printedToken(CapturedOutput output) {
		Matcher printed = PRINTED_TOKEN.matcher(output.toString());
		assertThat(printed.find()).as("a token in the start-up log").isTrue();
		return printed.group(1);
	}

	private static void assertAccepted(ConfigurableApplicationContext service, String token) throws Exception {
		// NOT_FOUND comes from the service itself: the call got past authentication.
		getUnknownUser(service, token, Status.Code.NOT_FOUND);
	}

	private static void assertRefused(ConfigurableApplicationContext service, String token, String problem)
			throws Exception {
		GrpcErrors error = getUnknownUser(service, token, Status.Code.UNAUTHENTICATED).hasReason("INVALID_TOKEN");
		assertThat(error.errorInfo().getMetadataMap()).containsEntry("token_problem", problem);
	}

	private static GrpcErrors getUnknownUser(ConfigurableApplicationContext service, String token, Status.Code expected)
			throws Exception {
		int port = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.grpc.server.port"));
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			return assertFails(expected,
					() -> UserServiceGrpc.newBlockingStub(channel)
						.withInterceptors(BearerToken.of(token))
						.withDeadlineAfter(10, TimeUnit.SECONDS)
						.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}

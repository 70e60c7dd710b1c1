package dev.userdirectory.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.userdirectory.UserDirectoryApplication;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
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

/** Fail closed: no token validation configured means no service, except in the dev profile. */
@ExtendWith(OutputCaptureExtension.class)
class StartupSecurityTests {

	/** The first JWT after the announcement, whether the log is plain text or JSON. */
	private static final Pattern PRINTED_TOKEN = Pattern
		.compile("Development token.*?(eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+)", Pattern.DOTALL);

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
	void theDevProfileIssuesAWorkingTokenThatSurvivesARestart(@TempDir Path data, CapturedOutput output)
			throws Exception {
		Path keyFile = data.resolve("dev-key.json");
		Path tokenFile = data.resolve("dev-token");
		String token;
		try (ConfigurableApplicationContext service = start("--spring.profiles.active=dev",
				"--users.security.dev.key-file=" + keyFile, "--users.security.dev.token-file=" + tokenFile)) {
			Matcher printed = PRINTED_TOKEN.matcher(output.toString());
			assertThat(printed.find()).as("a token in the start-up log").isTrue();
			token = printed.group(1);
			assertThat(output).contains("buf curl").contains("authorization: Bearer " + token);
			assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			// What the README's first call reads with TOKEN=$(cat data/dev-token).
			assertThat(tokenFile).hasContent(token);
			assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertAccepted(service, token);
		}
		try (ConfigurableApplicationContext restarted = start("--spring.profiles.active=dev",
				"--users.security.dev.key-file=" + keyFile, "--users.security.dev.token-file=" + tokenFile)) {
			assertAccepted(restarted, token);
		}
	}

	private static void assertAccepted(ConfigurableApplicationContext service, String token) throws Exception {
		int port = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.grpc.server.port"));
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			assertFails(Status.Code.NOT_FOUND, () -> UserServiceGrpc.newBlockingStub(channel)
				.withInterceptors(BearerToken.of(token))
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.getUser(GetUserRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}

package dev.userdirectory.observability;

import java.util.UUID;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.OnH2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With logging.structured.format.console=ecs the access log is JSON, its fields as keys.
 */
@OnH2
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "logging.structured.format.console=ecs")
class StructuredLoggingTests extends AbstractGrpcIntegrationTests {

	/**
	 * Logging is configured once per JVM: Spring Boot skips its set-up while an earlier
	 * test's context, still cached, has it configured, so whether this class got JSON
	 * depended on which classes ran before it. Resetting around the class makes its
	 * context, and the next one, configure logging from their own properties.
	 */
	@BeforeAll
	@AfterAll
	static void letTheNextContextConfigureLogging() {
		LoggingSystem.get(StructuredLoggingTests.class.getClassLoader()).cleanUp();
	}

	@Test
	void accessLogLinesAreJsonWithTheirFieldsAsKeys(CapturedOutput output) {
		this.users.createUser(CreateUserRequest.newBuilder()
			.setEmail("json-" + UUID.randomUUID() + "@example.com")
			.setName("J")
			.build());

		await().untilAsserted(() -> assertThat(output.getOut()).containsPattern(
				"\\{.*\"traceId\":\"[0-9a-f]{32}\".*\"grpc\":\\{\"method\":\"users.v1.UserService/CreateUser\",\"status\":\"OK\"\\}"
						+ ".*\"subject\":\"test-user\".*}"));
	}

}

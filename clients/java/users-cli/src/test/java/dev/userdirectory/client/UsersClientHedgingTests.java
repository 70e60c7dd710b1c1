package dev.userdirectory.client;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.client.ScriptedUserService.Answer.stall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code hedging} profile: a GetUser that stalls is overtaken by a second attempt.
 */
class UsersClientHedgingTests {

	private ScriptedUserService server;

	private UsersClientContext client;

	@BeforeEach
	void start() throws Exception {
		this.server = new ScriptedUserService();
		this.client = new UsersClientContext(this.server.port(), "--spring.profiles.active=hedging");
	}

	@AfterEach
	void stop() throws Exception {
		this.client.close();
		this.server.close();
	}

	@Test
	void aStalledFirstAttemptIsOvertakenByAHedgedOne() throws Exception {
		this.server.script(stall(4_000));

		long started = System.nanoTime();
		assertThat(this.client.client().get("7b0c5b7e-0f0e-4d6a-9a43-6c7f3f1c2d11")).isNotNull();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		// A second hedge, and on a loaded machine a third (max-attempts 3) when the
		// second is slow too.
		assertThat(this.server.attempts("GetUser")).hasSizeBetween(2, 3);
		assertThat(this.client.outcomes.last().attempts()).isBetween(2, 3);
		// Far sooner than the stalled attempt would have answered.
		assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
	}

}

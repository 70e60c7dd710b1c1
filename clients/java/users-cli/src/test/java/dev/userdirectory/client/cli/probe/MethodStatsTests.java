package dev.userdirectory.client.cli.probe;

import java.time.Duration;

import dev.userdirectory.client.CallOutcome;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MethodStatsTests {

	private final MethodStats stats = new MethodStats(ProbeMethod.GET_USER);

	@Test
	void readsPercentilesOfTheSuccessfulSamplesFromTheHistogram() {
		this.stats.measureFrom(System.nanoTime());
		for (int millis = 1; millis <= 100; millis++) {
			record(millis, null, 1);
		}

		MethodReport report = this.stats.report();

		assertThat(report.calls()).isEqualTo(100);
		assertThat(report.successRate()).isEqualTo(1.0);
		// HdrHistogram with 3 significant digits: within 0.1%.
		assertThat(report.latency().min()).isCloseTo(1.0, within(0.001));
		assertThat(report.latency().p50()).isCloseTo(50.0, within(0.05));
		assertThat(report.latency().p95()).isCloseTo(95.0, within(0.1));
		assertThat(report.latency().p99()).isCloseTo(99.0, within(0.1));
		assertThat(report.latency().max()).isCloseTo(100.0, within(0.1));
		assertThat(report.latency().avg()).isCloseTo(50.5, within(0.05));
		assertThat(report.failedLatency()).isNull();
	}

	@Test
	void countsFailuresByStatusAndTimesThemApart() {
		this.stats.measureFrom(System.nanoTime());
		record(5, null, 1);
		record(1, Status.PERMISSION_DENIED, 1);
		record(2, Status.PERMISSION_DENIED, 1);
		record(3000, Status.DEADLINE_EXCEEDED, 1);

		MethodReport report = this.stats.report();

		assertThat(report.ok()).isEqualTo(1);
		assertThat(report.failed()).isEqualTo(3);
		assertThat(report.successRate()).isEqualTo(0.25);
		assertThat(report.failures()).containsExactly(java.util.Map.entry("DEADLINE_EXCEEDED", 1L),
				java.util.Map.entry("PERMISSION_DENIED", 2L));
		assertThat(report.latency().max()).isCloseTo(5.0, within(0.01));
		assertThat(report.failedLatency().max()).isCloseTo(3000.0, within(3.0));
	}

	@Test
	void countsAttemptsBeyondTheFirstOfEachCallAsRetries() {
		this.stats.measureFrom(System.nanoTime());
		record(1, null, 1);
		record(1, null, 3);
		record(1, Status.UNAVAILABLE, 4);

		MethodReport report = this.stats.report();

		assertThat(report.rpcs()).isEqualTo(3);
		assertThat(report.attempts()).isEqualTo(8);
		assertThat(report.retries()).isEqualTo(5);
	}

	@Test
	void measuresThroughputOverTheWindowFromItsStartToTheLastSample() throws InterruptedException {
		this.stats.measureFrom(System.nanoTime());
		record(1, null, 1);
		Thread.sleep(200);
		record(1, null, 1);

		MethodReport report = this.stats.report();

		assertThat(report.windowSeconds()).isGreaterThanOrEqualTo(0.2).isLessThan(5);
		assertThat(report.throughput()).isCloseTo(2 / report.windowSeconds(), within(1e-9));
	}

	/**
	 * A sample that took {@code millis} and ended with {@code failure} (null: success).
	 */
	private void record(long millis, Status failure, int attempts) {
		long started = System.nanoTime();
		Sample sample = new Sample(started, true, this.stats::record);
		sample.stopClockAt(started + Duration.ofMillis(millis).toNanos());
		sample.took(new CallOutcome("users.v1.UserService/GetUser",
				(failure != null) ? failure.getCode() : Status.Code.OK, attempts, Duration.ofMillis(millis), null));
		if (failure == null) {
			sample.succeed();
		}
		else {
			sample.fail(failure);
		}
	}

}

package dev.userdirectory.client.cli.probe;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The options of {@code probe} ({@code --users.probe.<option>=...}); defaults in
 * users-client.yaml. The target, the token and the deadline are the {@code users}
 * channel's own settings ({@code spring.grpc.client.channel.users.*},
 * {@code users.client.*}).
 *
 * @param methods the RPCs to exercise, by short ({@code GetUser}) or full
 * ({@code users.v1.UserService/GetUser}) name; empty for all of them
 * @param duration how long to measure, after the warm-up (ignored when {@code calls} is
 * set)
 * @param calls measured samples per method; 0 to measure for {@code duration} instead
 * @param concurrency samples in flight per method (each method's workers run at once)
 * @param warmup how long to run before measuring; samples started in it are not counted
 * @param format {@code text} (an aligned table) or {@code json}
 * @param output a file to write the report to; empty for standard output
 * @param headers extra metadata on every call, as {@code key=value} ({@code -bin} keys
 * take base64)
 * @param minSuccessRate the exit code is 1 when any method's success rate is below this
 * @param listPageSize the page ListUsers reads (the probe creates exactly this many users
 * for it)
 * @param batchSize users per CreateUsers call
 * @param dataSize the bytes UploadUserData sends and DownloadUserData reads
 * @param deleteStock users created ahead for each DeleteUser worker, and per refill
 */
@ConfigurationProperties("users.probe")
public record ProbeProperties(@DefaultValue List<String> methods, @DefaultValue("10s") Duration duration,
		@DefaultValue("0") int calls, @DefaultValue("4") int concurrency, @DefaultValue("2s") Duration warmup,
		@DefaultValue("text") Format format, @DefaultValue("") String output, @DefaultValue List<String> headers,
		@DefaultValue("1.0") double minSuccessRate, @DefaultValue("20") int listPageSize,
		@DefaultValue("10") int batchSize, @DefaultValue("64KB") DataSize dataSize,
		@DefaultValue("100") int deleteStock) {

	public enum Format {

		TEXT, JSON

	}

	/** Refuses settings that cannot make a meaningful run, naming the option. */
	void validate() {
		require(this.calls >= 0, "calls must be 0 (measure for a duration) or more");
		require(this.calls > 0 || this.duration.compareTo(Duration.ZERO) > 0, "duration must be positive");
		require(this.concurrency >= 1 && this.concurrency <= 1000, "concurrency must be 1 to 1000");
		require(!this.warmup.isNegative(), "warmup must not be negative");
		require(this.minSuccessRate >= 0 && this.minSuccessRate <= 1, "min-success-rate must be 0.0 to 1.0");
		require(this.listPageSize >= 1 && this.listPageSize <= 1000, "list-page-size must be 1 to 1000");
		require(this.batchSize >= 1 && this.batchSize <= 1000, "batch-size must be 1 to 1000");
		require(this.dataSize.toBytes() >= 1, "data-size must be at least 1 byte");
		require(this.deleteStock >= 1, "delete-stock must be at least 1");
	}

	boolean measuresCalls() {
		return this.calls > 0;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}

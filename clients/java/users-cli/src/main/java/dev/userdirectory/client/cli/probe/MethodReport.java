package dev.userdirectory.client.cli.probe;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the probe measured for one method.
 *
 * @param method the short name, e.g. {@code GetUser}
 * @param fullMethod e.g. {@code users.v1.UserService/GetUser}
 * @param sample what one sample of the method is
 * @param ok samples that succeeded
 * @param failed samples that failed
 * @param failures failed samples per status code name ({@code BAD_RESPONSE}: OK with a
 * wrong answer)
 * @param latency of the samples that succeeded; {@code null} when none did
 * @param failedLatency of the samples that failed; {@code null} when none did
 * @param windowSeconds from the start of the measurement to the end of the method's last
 * sample
 * @param rpcs the calls the samples made (a WatchUserChanges sample makes two)
 * @param attempts the attempts the channel made for those calls
 * @param setupError why the method was not run (its fixtures could not be made), or
 * {@code null}
 */
record MethodReport(String method, String fullMethod, String sample, long ok, long failed, Map<String, Long> failures,
		Latency latency, Latency failedLatency, double windowSeconds, long rpcs, long attempts, String setupError) {

	MethodReport {
		failures = Collections.unmodifiableMap(new TreeMap<>(failures));
	}

	long calls() {
		return this.ok + this.failed;
	}

	/** Successful samples over all samples; 0 when there were none. */
	double successRate() {
		return (calls() == 0) ? 0 : (double) this.ok / calls();
	}

	/** Samples per second of the measured window. */
	double throughput() {
		return (this.windowSeconds > 0) ? calls() / this.windowSeconds : 0;
	}

	double okThroughput() {
		return (this.windowSeconds > 0) ? this.ok / this.windowSeconds : 0;
	}

	/**
	 * Attempts beyond one per call: the channel's retries, hedges and transparent
	 * retries.
	 */
	long retries() {
		return Math.max(0, this.attempts - this.rpcs);
	}

	/**
	 * Run, with at least one sample, and a success rate of at least
	 * {@code minSuccessRate}.
	 */
	boolean passes(double minSuccessRate) {
		return this.setupError == null && calls() > 0 && successRate() >= minSuccessRate;
	}

}

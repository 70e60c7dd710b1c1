package dev.userdirectory.client.cli.probe;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * The result of a probe run, as an aligned text table or as JSON. The JSON schema
 * ({@value #SCHEMA}) is stable: fields may be added, never renamed or removed.
 *
 * @param run how the run was made
 * @param methods one report per method, in the service's order
 * @param cleanup what became of the users the run created
 */
record ProbeReport(Run run, List<MethodReport> methods, Fixtures.Cleanup cleanup) {

	static final String SCHEMA = "users.v1.probe/v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * @param target the channel's target
	 * @param runTag the tag on everything the run created
	 * @param startedAt when the warm-up (the load) started
	 * @param concurrency samples in flight per method
	 * @param duration the measured time, or {@code null} when a number of calls was
	 * measured
	 * @param callsPerMethod the measured samples per method, or 0 when a duration was
	 * measured
	 * @param warmup the time run before measuring
	 * @param minSuccessRate below this, a method fails the run
	 * @param retryPolicy the methods the channel retries or hedges (empty: every call is
	 * one attempt, transparent retries aside)
	 * @param headers the names of the extra headers sent
	 */
	record Run(String target, String runTag, Instant startedAt, int concurrency, Duration duration, int callsPerMethod,
			Duration warmup, double minSuccessRate, List<String> retryPolicy, List<String> headers) {
	}

	/** True when every method ran and reached the minimum success rate. */
	boolean passed() {
		return failedChecks().isEmpty();
	}

	/** Why the run failed, one line per failing method. */
	List<String> failedChecks() {
		List<String> failed = new ArrayList<>();
		for (MethodReport method : this.methods) {
			if (method.passes(this.run.minSuccessRate())) {
				continue;
			}
			if (method.setupError() != null) {
				failed.add(method.method() + ": not run, its fixtures could not be made: " + method.setupError());
			}
			else if (method.calls() == 0) {
				failed.add(method.method() + ": no sample was measured");
			}
			else {
				failed.add(method.method() + ": success rate " + percent(method.successRate()) + " < "
						+ percent(this.run.minSuccessRate()));
			}
		}
		return failed;
	}

	String text() {
		StringBuilder out = new StringBuilder();
		Run run = this.run;
		out.append("users.v1 probe of ")
			.append(run.target())
			.append(": ")
			.append(this.methods.size())
			.append(this.methods.size() == 1 ? " method, " : " methods, ")
			.append(run.concurrency())
			.append(" in flight each, ")
			.append((run.duration() != null) ? "measured for " + seconds(run.duration())
					: run.callsPerMethod() + " calls each")
			.append(" after a ")
			.append(seconds(run.warmup()))
			.append(" warm-up\n");
		out.append("started ")
			.append(run.startedAt().truncatedTo(ChronoUnit.SECONDS))
			.append(", run tag ")
			.append(run.runTag())
			.append(", channel retries: ")
			.append(run.retryPolicy().isEmpty() ? "none" : String.join(", ", run.retryPolicy()));
		if (!run.headers().isEmpty()) {
			out.append(", extra headers: ").append(String.join(", ", run.headers()));
		}
		out.append("\n\n");

		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "method", "calls", "ok", "failed", "success", "min", "avg", "p50", "p95", "p99", "max",
				"calls/s", "retries", "failures" });
		for (MethodReport method : this.methods) {
			rows.add(row(method));
		}
		out.append(table(rows));
		out.append("\nlatency in ms of the samples that succeeded (HdrHistogram); calls/s over the measured window\n");
		out.append("cleanup: ").append(cleanupText()).append('\n');
		List<String> failed = failedChecks();
		if (failed.isEmpty()) {
			out.append("PASS: every method's success rate >= ").append(percent(run.minSuccessRate())).append('\n');
		}
		else {
			failed.forEach((line) -> out.append("FAIL: ").append(line).append('\n'));
		}
		return out.toString();
	}

	private static String[] row(MethodReport method) {
		if (method.setupError() != null) {
			return new String[] { method.method(), "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-",
					"not run: fixtures failed: " + method.setupError() };
		}
		Latency latency = method.latency();
		String failures = method.failures()
			.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.map((failure) -> failure.getKey() + "=" + failure.getValue())
			.collect(Collectors.joining(" "));
		return new String[] { method.method(), Long.toString(method.calls()), Long.toString(method.ok()),
				Long.toString(method.failed()), (method.calls() == 0) ? "-" : percent(method.successRate()),
				ms(latency, Latency::min), ms(latency, Latency::avg), ms(latency, Latency::p50),
				ms(latency, Latency::p95), ms(latency, Latency::p99), ms(latency, Latency::max),
				String.format(Locale.ROOT, "%.1f", method.throughput()), Long.toString(method.retries()), failures };
	}

	/** Left-aligns the first and last columns, right-aligns the numbers between them. */
	private static String table(List<String[]> rows) {
		int columns = rows.get(0).length;
		int[] widths = new int[columns];
		for (String[] row : rows) {
			for (int i = 0; i < columns; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		StringBuilder out = new StringBuilder();
		for (String[] row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < columns; i++) {
				if (i > 0) {
					line.append("  ");
				}
				String cell = row[i];
				String pad = " ".repeat(widths[i] - cell.length());
				boolean leftAligned = (i == 0 || i == columns - 1);
				line.append(leftAligned ? cell + pad : pad + cell);
			}
			out.append(line.toString().stripTrailing()).append('\n');
		}
		return out.toString();
	}

	private String cleanupText() {
		Fixtures.Cleanup cleanup = this.cleanup;
		String deleted = "deleted " + cleanup.deleted() + " users tagged " + this.run.runTag();
		if (cleanup.error() == null) {
			return deleted + ", none left";
		}
		return deleted + ", then failed (" + cleanup.error() + "); " + cleanup.left()
				+ " may be left: delete the users ListUsers finds with filter tag = \"" + this.run.runTag() + "\"";
	}

	String json() {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("schema", SCHEMA);
		Run run = this.run;
		Map<String, Object> runJson = new LinkedHashMap<>();
		runJson.put("target", run.target());
		runJson.put("run_tag", run.runTag());
		runJson.put("started_at", run.startedAt().toString());
		runJson.put("concurrency", run.concurrency());
		runJson.put("mode", (run.duration() != null) ? "duration" : "calls");
		runJson.put("duration_s", (run.duration() != null) ? run.duration().toMillis() / 1000.0 : null);
		runJson.put("calls_per_method", (run.duration() != null) ? null : run.callsPerMethod());
		runJson.put("warmup_s", run.warmup().toMillis() / 1000.0);
		runJson.put("min_success_rate", run.minSuccessRate());
		runJson.put("retry_policy", run.retryPolicy());
		runJson.put("headers", run.headers());
		root.put("run", runJson);
		List<Map<String, Object>> methods = new ArrayList<>();
		for (MethodReport method : this.methods) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("method", method.method());
			json.put("full_method", method.fullMethod());
			json.put("sample", method.sample());
			json.put("calls", method.calls());
			json.put("ok", method.ok());
			json.put("failed", method.failed());
			json.put("success_rate", method.successRate());
			json.put("failures", method.failures());
			json.put("latency_ms", latencyJson(method.latency()));
			json.put("failed_latency_ms", latencyJson(method.failedLatency()));
			json.put("window_s", round(method.windowSeconds(), 3));
			json.put("throughput_per_s", round(method.throughput(), 1));
			json.put("ok_per_s", round(method.okThroughput(), 1));
			json.put("rpcs", method.rpcs());
			json.put("attempts", method.attempts());
			json.put("retries", method.retries());
			json.put("setup_error", method.setupError());
			json.put("passed", method.passes(run.minSuccessRate()));
			methods.add(json);
		}
		root.put("methods", methods);
		Map<String, Object> cleanup = new LinkedHashMap<>();
		cleanup.put("deleted", this.cleanup.deleted());
		cleanup.put("left", this.cleanup.left());
		cleanup.put("error", this.cleanup.error());
		root.put("cleanup", cleanup);
		root.put("passed", passed());
		root.put("failed_checks", failedChecks());
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
	}

	private static Map<String, Object> latencyJson(Latency latency) {
		if (latency == null) {
			return null;
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("min", latency.min());
		json.put("avg", latency.avg());
		json.put("p50", latency.p50());
		json.put("p95", latency.p95());
		json.put("p99", latency.p99());
		json.put("max", latency.max());
		return json;
	}

	private static String ms(Latency latency, java.util.function.ToDoubleFunction<Latency> figure) {
		return (latency != null) ? String.format(Locale.ROOT, "%.2f", figure.applyAsDouble(latency)) : "-";
	}

	/** Rounded down, so that a rate below 100% never reads as 100.00%. */
	private static String percent(double rate) {
		return String.format(Locale.ROOT, "%.2f%%", Math.floor(rate * 10000 + 1e-9) / 100);
	}

	static String seconds(Duration duration) {
		double seconds = duration.toMillis() / 1000.0;
		return (seconds == Math.rint(seconds)) ? (long) seconds + " s" : seconds + " s";
	}

	private static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Math.round(value * scale) / scale;
	}

}

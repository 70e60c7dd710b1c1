package dev.userdirectory.client.cli.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.userdirectory.client.CallOutcome;
import dev.userdirectory.client.UsersClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.boot.grpc.client.autoconfigure.ServiceConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@code probe}: exercises the methods of a running users.v1 service with
 * {@code concurrency} samples in flight per method, for a duration or a number of calls,
 * and reports per method the success rate, the failures by status, latency percentiles,
 * throughput and the channel's retries, as a text table or JSON. Exit code 0 when every
 * method reached {@code min-success-rate}, 1 when one did not, 2 for invalid options. The
 * channel runs without a retry policy (users-client-probe.yaml), so the figures are the
 * service's, not the client's.
 */
@EnableConfigurationProperties(ProbeProperties.class)
public class ProbeCommand implements ApplicationRunner, ExitCodeGenerator {

	static final int PASSED = 0;

	static final int FAILED = 1;

	static final int INVALID_OPTIONS = 2;

	private final UsersClient users;

	private final ProbeProperties settings;

	private final Environment environment;

	private final ObjectProvider<GrpcClientProperties> channels;

	private final PrintStream log = System.err;

	private int exitCode;

	ProbeCommand(UsersClient users, ProbeProperties settings, Environment environment,
			ObjectProvider<GrpcClientProperties> channels) {
		this.users = users;
		this.settings = settings;
		this.environment = environment;
		this.channels = channels;
	}

	/** Gives every call's attempts to the sample that made it. */
	@Bean
	static Consumer<CallOutcome> probeCallOutcomes() {
		return new OutcomeHandoff();
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		List<ProbeMethod> methods;
		List<String> headerNames = new ArrayList<>();
		try {
			this.settings.validate();
			methods = ProbeMethod.parse(this.settings.methods());
			ProbeHeaders.parse(this.settings.headers()).keys().forEach(headerNames::add);
		}
		catch (IllegalArgumentException invalid) {
			this.log.println("probe: " + invalid.getMessage() + " (probe --help lists the options)");
			this.exitCode = INVALID_OPTIONS;
			return;
		}
		ProbeContext probe = new ProbeContext(this.users, this.settings, this.log);
		ProbeReport report = new ProbeRun(probe, methods)
			.run(this.environment.getProperty("spring.grpc.client.channel.users.target"), retryPolicy(), headerNames);
		String rendered = (this.settings.format() == ProbeProperties.Format.JSON) ? report.json() : report.text();
		write(rendered);
		if (report.cleanup().error() != null) {
			this.log.println("probe: cleanup failed: " + report.cleanup().error());
		}
		this.exitCode = report.passed() ? PASSED : FAILED;
	}

	private void write(String report) throws IOException {
		if (this.settings.output().isBlank()) {
			System.out.print(report);
			System.out.flush();
			return;
		}
		Path file = Path.of(this.settings.output());
		Files.writeString(file, report, StandardCharsets.UTF_8);
		this.log.println("probe: report written to " + file.toAbsolutePath());
	}

	/**
	 * The methods the {@code users} channel retries or hedges, as it was configured for
	 * this run.
	 */
	private List<String> retryPolicy() {
		GrpcClientProperties properties = this.channels.getIfAvailable();
		GrpcClientProperties.Channel channel = (properties != null) ? properties.getChannel().get("users") : null;
		ServiceConfig config = (channel != null) ? channel.getServiceConfig() : null;
		List<String> methods = new ArrayList<>();
		if (config == null || config.method() == null) {
			return methods;
		}
		for (ServiceConfig.MethodConfig method : config.method()) {
			String policy = (method.hedging() != null) ? "hedged" : (method.retry() != null) ? "retried" : null;
			if (policy == null || method.name() == null) {
				continue;
			}
			for (ServiceConfig.MethodConfig.Name name : method.name()) {
				methods.add(((name.method() != null) ? name.method() : name.service() + "/*") + " " + policy);
			}
		}
		return methods;
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

	/** What {@code probe --help} prints. */
	public static String usage() {
		StringBuilder out = new StringBuilder("""
				usage: java -jar users-cli.jar probe [--option=value ...]

				Exercises the methods of a running users.v1 service and reports, per method: calls,
				successes, failures by status, success rate, latency min/avg/p50/p95/p99/max (ms, of the
				samples that succeeded), throughput (calls/s) and retries. All methods run at once.
				Everything it creates carries a run tag and is deleted at the end. Exit code: 0 when every
				method reached min-success-rate, 1 when one did not (or could not run), 2 for bad options
				or when the command cannot start (e.g. no credentials).

				The service and credentials (as for every users-cli command):
				  --spring.grpc.client.channel.users.target=static://localhost:9090
				  --users.client.token=JWT          or users.client.oauth2.registration-id=... (see README)
				  --spring.grpc.client.channel.users.default.deadline=5s   the deadline of every call
				The channel makes one attempt per call (users-client-probe.yaml empties its retry policy).

				Options (defaults in users-client.yaml):
				  --users.probe.methods=GetUser,Chat    short or full names; default: all 15
				  --users.probe.duration=10s            measured time (after the warm-up)
				  --users.probe.calls=0                 measured calls per method instead of a duration
				  --users.probe.concurrency=4           samples in flight per method
				  --users.probe.warmup=2s               run first, not measured (JIT, connections, caches)
				  --users.probe.format=text             text (a table) or json
				  --users.probe.output=                 a file for the report; default: standard output
				  --users.probe.headers=k=v,k2=v2       extra metadata on every call (-bin keys: base64)
				  --users.probe.min-success-rate=1.0    exit 1 when a method's success rate is below
				  --users.probe.list-page-size=20       users in the page ListUsers reads
				  --users.probe.batch-size=10           users per CreateUsers call
				  --users.probe.data-size=64KB          bytes uploaded and downloaded per call
				  --users.probe.delete-stock=100        users created ahead per DeleteUser worker

				One sample of each method (each worker has its own user, created before the clock starts):
				""");
		for (ProbeMethod method : ProbeMethod.values()) {
			out.append(wrap(String.format("  %-18s ", method.shortName()), method.sample(), 100));
		}
		return out.toString();
	}

	/**
	 * {@code prefix}, then {@code text} broken at spaces into lines of at most
	 * {@code width}, aligned after the prefix.
	 */
	static String wrap(String prefix, String text, int width) {
		StringBuilder out = new StringBuilder();
		StringBuilder line = new StringBuilder(prefix);
		for (String word : text.split(" ")) {
			if (line.length() > prefix.length() && line.length() + 1 + word.length() > width) {
				out.append(line).append('\n');
				line = new StringBuilder(" ".repeat(prefix.length()));
			}
			else if (line.length() > prefix.length()) {
				line.append(' ');
			}
			line.append(word);
		}
		return out.append(line).append('\n').toString();
	}

}

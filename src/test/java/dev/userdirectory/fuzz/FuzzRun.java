package dev.userdirectory.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.userdirectory.support.RawCalls;
import io.grpc.Status;
import io.grpc.Status.Code;
import io.grpc.protobuf.StatusProto;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes the fuzz calls one after the other and checks each answer as the contract's
 * Errors section says: a status from the allowed set (never INTERNAL or UNKNOWN), an
 * ErrorInfo in the users.v1 domain, no internals in the message, and, when the call
 * failed, no data left behind. Collects every violation, so one run reports them all.
 */
final class FuzzRun {

	/** What bad input may get; UNAVAILABLE is not here: the database is up throughout. */
	private static final Set<Code> ALLOWED = EnumSet.of(Code.OK, Code.INVALID_ARGUMENT, Code.NOT_FOUND,
			Code.ALREADY_EXISTS, Code.FAILED_PRECONDITION, Code.ABORTED, Code.OUT_OF_RANGE, Code.RESOURCE_EXHAUSTED,
			Code.PERMISSION_DENIED);

	/** Stack frames, exception class names and Java package names. */
	private static final Pattern INTERNALS = Pattern.compile("Exception|Caused by|\\bat [\\w$]+(\\.[\\w$]+)+\\("
			+ "|\\b(java|javax|jakarta|org|com|io|dev)\\.[a-z][\\w$]*\\.");

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	/**
	 * An accepted watch never ends by itself: one still open after this long was
	 * accepted, and the deadline ends it (a bad request is refused in milliseconds).
	 */
	private static final Duration WATCH_WINDOW = Duration.ofMillis(300);

	/** A failed stream's clean-up may run just after the client has its status. */
	private static final Duration CLEAN_UP = Duration.ofSeconds(3);

	private final RawCalls calls;

	private final JdbcTemplate jdbc;

	private final long seed;

	private final List<String> violations = new ArrayList<>();

	private final Map<String, Integer> statuses = new TreeMap<>();

	private int made;

	FuzzRun(RawCalls calls, JdbcTemplate jdbc, long seed) {
		this.calls = calls;
		this.jdbc = jdbc;
		this.seed = seed;
	}

	void run(List<FuzzCase> cases) {
		cases.forEach(this::check);
	}

	private void check(FuzzCase fuzzCase) {
		boolean watch = fuzzCase.method().getBareMethodName().equals("WatchUserChanges");
		TableCounts before = TableCounts.read(this.jdbc);
		RawCalls.Outcome outcome = this.calls.call(fuzzCase.method(), fuzzCase.messages(),
				watch ? WATCH_WINDOW : DEADLINE);
		this.made++;
		Status status = outcome.status();
		ErrorInfo errorInfo = usersErrorInfo(outcome);
		String answer = status.getCode() + ((errorInfo != null) ? " " + errorInfo.getReason() : "");
		this.statuses.merge(answer, 1, Integer::sum);
		List<String> problems = new ArrayList<>();
		boolean stillWatching = watch && status.getCode() == Code.DEADLINE_EXCEEDED;
		if (!ALLOWED.contains(status.getCode()) && !stillWatching && !resetByTransport(fuzzCase, outcome)) {
			problems.add("a status bad input must never get");
		}
		if (status.getDescription() != null && INTERNALS.matcher(status.getDescription()).find()) {
			problems.add("internals in the message");
		}
		if (!status.isOk() && !stillWatching && !fuzzCase.exceedsInboundLimit() && errorInfo == null) {
			problems.add("no ErrorInfo in the users.v1 domain");
		}
		if (!status.isOk()) {
			List<String> changed = changesLeftBehind(fuzzCase, before);
			if (!changed.isEmpty()) {
				problems.add("the failed call left data behind: " + changed);
			}
		}
		if (!problems.isEmpty()) {
			this.violations.add(fuzzCase.describe() + "\n    → " + status.getCode() + " \"" + status.getDescription()
					+ "\": " + String.join("; ", problems));
		}
	}

	/**
	 * grpc-java's Netty server refuses a message over the inbound limit itself, with a
	 * status when it can: in place of the response headers. A stream that has already
	 * answered can only be reset (RST_STREAM CANCEL), which the client sees as CANCELLED;
	 * the reset also drops response messages the client had received but not yet
	 * delivered, so the headers, not a delivered message, tell that it had answered.
	 */
	private static boolean resetByTransport(FuzzCase fuzzCase, RawCalls.Outcome outcome) {
		return outcome.status().getCode() == Code.CANCELLED && fuzzCase.exceedsInboundLimit() && outcome.answered();
	}

	/**
	 * Changes that a failed call made to the tables. Chat and CollaborativeEdit store
	 * each message or edit as it comes, so a stream that fails keeps those before the
	 * failing one: at most one fewer than it sent.
	 */
	private List<String> changesLeftBehind(FuzzCase fuzzCase, TableCounts before) {
		int earlier = Math.max(0, fuzzCase.messages().size() - 1);
		Map<String, Integer> allowed = switch (fuzzCase.method().getBareMethodName()) {
			case "Chat" -> Map.of("chat_messages", earlier);
			case "CollaborativeEdit" -> Map.of("bio_edits", earlier, "user_changes", earlier);
			default -> Map.of();
		};
		long giveUpAt = System.nanoTime() + CLEAN_UP.toNanos();
		List<String> changed = TableCounts.read(this.jdbc).changedSince(before, allowed);
		while (!changed.isEmpty() && System.nanoTime() < giveUpAt) {
			sleep();
			changed = TableCounts.read(this.jdbc).changedSince(before, allowed);
		}
		return changed;
	}

	/** The ErrorInfo of the users.v1 domain that the call ended with, or null. */
	private static ErrorInfo usersErrorInfo(RawCalls.Outcome outcome) {
		com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(outcome.status(), outcome.trailers());
		if (details == null) {
			return null;
		}
		return details.getDetailsList()
			.stream()
			.filter((any) -> any.is(ErrorInfo.class))
			.map(FuzzRun::unpack)
			.filter((info) -> info.getDomain().equals("users.v1") && !info.getReason().isEmpty())
			.findFirst()
			.orElse(null);
	}

	private static ErrorInfo unpack(Any any) {
		try {
			return any.unpack(ErrorInfo.class);
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			return ErrorInfo.getDefaultInstance();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Fails with every violation found, and how to make the same calls again. */
	void assertContractKept() {
		System.out.printf("fuzz: %d calls, seed %d, answers %s%n", this.made, this.seed, this.statuses);
		if (!this.violations.isEmpty()) {
			throw new AssertionError(this.violations.size() + " of " + this.made + " calls broke the contract (seed "
					+ this.seed + "; the same calls again: -Dfuzz.seed=" + this.seed + "):\n"
					+ String.join("\n", this.violations.subList(0, Math.min(40, this.violations.size())))
					+ (this.violations.size() > 40 ? "\n… and " + (this.violations.size() - 40) + " more" : ""));
		}
	}

}

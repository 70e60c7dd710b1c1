package dev.userdirectory.replicas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.userdirectory.support.Shell;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * Phase (d): a watcher streams from replica 3 while writers change users through replicas
 * 1 and 2; replica 3 is killed with SIGKILL mid-stream (no graceful shutdown, no goodbye
 * to its clients), the watcher re-opens on replica 1 from the last resume token it
 * received, and every change a writer had acknowledged must reach it exactly once, each
 * writer's in the order made.
 */
final class KillMidStream {

	/**
	 * Changes replica 3 must have delivered before it dies, so the kill lands mid-stream.
	 */
	private static final int DELIVERED_BEFORE_KILL = 30;

	/**
	 * Changes acknowledged after the kill, so the failover happens under writes, not
	 * after them.
	 */
	private static final int WRITTEN_AFTER_KILL = 60;

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final Replica one;

	private final Replica two;

	private final Replica three;

	private final String killThree;

	private final DrillChecks checks;

	/**
	 * @param killThree a shell command that kills replica 3's process with SIGKILL
	 */
	KillMidStream(List<Replica> replicas, String killThree, DrillChecks checks) {
		this.one = replicas.get(0);
		this.two = replicas.get(1);
		this.three = replicas.get(2);
		this.killThree = killThree;
		this.checks = checks;
	}

	/**
	 * @param fromToken a resume token from before the writes start, so none can be missed
	 * at the start
	 */
	void run(String tag, String fromToken) throws Exception {
		ResumableWatch watch = new ResumableWatch("watcher-d", fromToken);
		watch.openOn(this.three);
		List<ChangeWriter> writers = List.of(new ChangeWriter(this.one, tag), new ChangeWriter(this.two, tag));
		List<Thread> threads = new ArrayList<>();
		for (ChangeWriter writer : writers) {
			Thread thread = new Thread(writer, "writer-" + writer.replica());
			thread.start();
			threads.add(thread);
		}
		try {
			// A stream that ended (a refused resume token, say) will deliver nothing
			// more: no point waiting.
			DrillChecks.eventually(WAIT, () -> watch.deliveredBy(this.three.toString()) >= DELIVERED_BEFORE_KILL
					|| watch.endedWith() != null);
			boolean streaming = watch.endedWith() == null
					&& watch.deliveredBy(this.three.toString()) >= DELIVERED_BEFORE_KILL;
			if (!this.checks.check(streaming,
					"(d) watcher on replica 3 streams changes written through replicas 1 and 2 ("
							+ watch.deliveredBy(this.three.toString()) + " received, " + acknowledged(writers)
							+ " acknowledged before the kill"
							+ (watch.endedWith() != null ? "; ended " + watch.endedWith() : "") + ")")) {
				return;
			}
			int acknowledgedAtKill = acknowledged(writers);
			Shell.run(this.killThree);
			long killed = System.nanoTime();
			Status end = watch.awaitEnd(Duration.ofSeconds(15));
			this.checks.check(end != null && end.getCode() == Status.Code.UNAVAILABLE,
					"(d) replica 3 killed with kill -9 mid-stream: its watch ends UNAVAILABLE (" + end + ")");
			watch.openOn(this.one);
			this.checks
				.info(String.format("(d) watch re-opened on replica 1 from the last resume token %d ms after the kill;"
						+ " %d changes acknowledged before the kill had not reached the watcher when replica 3 died",
						Duration.ofNanos(System.nanoTime() - killed).toMillis(),
						Math.max(0, acknowledgedAtKill - watch.deliveredBy(this.three.toString()))));
			this.checks.check(
					DrillChecks.eventually(WAIT,
							() -> acknowledged(writers) >= acknowledgedAtKill + WRITTEN_AFTER_KILL),
					"(d) writes go on through replicas 1 and 2 after the kill ("
							+ (acknowledged(writers) - acknowledgedAtKill) + " more acknowledged)");
		}
		finally {
			writers.forEach(ChangeWriter::stop);
			for (Thread thread : threads) {
				thread.join();
			}
		}
		verifyWrites(writers);
		verifyDelivery(watch, writers);
		watch.cancel();
		verifyReplicas();
	}

	private void verifyWrites(List<ChangeWriter> writers) {
		for (ChangeWriter writer : writers) {
			this.checks.check(writer.failures() == 0, "(d) every write through " + writer.replica() + " succeeded ("
					+ writer.acknowledgedCount() + " acknowledged, " + writer.failures() + " failed"
					+ (writer.firstFailure() != null ? ", first: " + writer.firstFailure().getStatus() : "") + ")");
		}
	}

	private void verifyDelivery(ResumableWatch watch, List<ChangeWriter> writers) throws InterruptedException {
		Set<Change> acknowledged = new LinkedHashSet<>();
		writers.forEach((writer) -> acknowledged.addAll(writer.acknowledged()));
		// Whether all arrive in time, the checks below say (and what is missing).
		DrillChecks.eventually(WAIT, () -> delivered(watch).containsAll(acknowledged));
		// Anything delivered twice would arrive right behind the first copy; give it the
		// time to.
		Thread.sleep(2_000);
		List<ResumableWatch.Delivery> deliveries = watch.deliveries();
		List<Change> changes = deliveries.stream().map(ResumableWatch.Delivery::change).toList();
		Set<Change> missing = new LinkedHashSet<>(acknowledged);
		missing.removeAll(changes);
		long fromOne = watch.deliveredBy(this.one.toString());
		this.checks.info(String.format(
				"(d) %d changes acknowledged, %d delivered: %d by replica 3 before it died, %d by replica 1 after",
				acknowledged.size(), changes.size(), watch.deliveredBy(this.three.toString()), fromOne));
		this.checks.check(missing.isEmpty(), "(d) every acknowledged change was delivered (" + missing.size()
				+ " missing" + (missing.isEmpty() ? "" : ", first: " + missing.iterator().next()) + ")");
		this.checks.check(new HashSet<>(changes).size() == changes.size()
				&& deliveries.stream().map(ResumableWatch.Delivery::resumeToken).distinct().count() == changes.size(),
				"(d) no change was delivered twice (" + changes.size() + " deliveries, " + new HashSet<>(changes).size()
						+ " distinct)");
		List<Change> unknown = changes.stream().filter((change) -> !acknowledged.contains(change)).toList();
		this.checks.check(unknown.isEmpty(), "(d) nothing was delivered that no writer made (" + unknown.size() + ")");
		this.checks.check(fromOne > 0,
				"(d) the resumed watch on replica 1 delivered the rest (" + fromOne + " changes)");
		for (ChangeWriter writer : writers) {
			List<Change> own = writer.acknowledged();
			Set<Change> ownSet = new HashSet<>(own);
			List<Change> seen = changes.stream().filter(ownSet::contains).toList();
			this.checks.check(seen.equals(own), "(d) the watcher got the changes made through " + writer.replica()
					+ " in the order they were acknowledged");
		}
	}

	private void verifyReplicas() {
		this.checks.check(
				this.one.readiness() == ServingStatus.SERVING && this.two.readiness() == ServingStatus.SERVING
						&& this.three.readiness() == ServingStatus.UNKNOWN,
				"(d) replicas 1 and 2 still SERVING, replica 3 gone");
	}

	private static Set<Change> delivered(ResumableWatch watch) {
		Set<Change> changes = new HashSet<>();
		watch.deliveries().forEach((delivery) -> changes.add(delivery.change()));
		return changes;
	}

	private static int acknowledged(List<ChangeWriter> writers) {
		return writers.stream().mapToInt(ChangeWriter::acknowledgedCount).sum();
	}

}

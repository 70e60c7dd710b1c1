package dev.userdirectory.client.cli.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;

/**
 * One probe run: makes every method's fixtures, then runs all methods at once, each with
 * {@code concurrency} workers that start a sample as soon as their previous one ended (no
 * thread waits for a call: the exercises are asynchronous), warms up, measures for a
 * duration or a number of samples per method, waits for the samples in flight, and
 * deletes the fixtures.
 */
final class ProbeRun {

	private final ProbeContext probe;

	private final ProbeProperties settings;

	private final List<ProbeMethod> methods;

	/**
	 * Set while a worker starts a sample, to catch a sample that ends before its start
	 * returns.
	 */
	private final ThreadLocal<Boolean> starting = ThreadLocal.withInitial(() -> false);

	private long measureStartNanos;

	private long measureEndNanos;

	private CountDownLatch workersDone;

	ProbeRun(ProbeContext probe, List<ProbeMethod> methods) {
		this.probe = probe;
		this.settings = probe.settings;
		this.methods = methods;
	}

	ProbeReport run(String target, List<String> retryPolicy, List<String> headers) throws InterruptedException {
		int concurrency = this.settings.concurrency();
		List<MethodStats> stats = new ArrayList<>();
		List<Running> running = new ArrayList<>();
		this.probe.log.printf("probe: run tag %s, preparing %d method%s%n", this.probe.runTag, this.methods.size(),
				(this.methods.size() == 1) ? "" : "s");
		for (ProbeMethod method : this.methods) {
			MethodStats methodStats = new MethodStats(method);
			stats.add(methodStats);
			Exercise exercise = method.exercise(this.probe);
			try {
				exercise.prepare(concurrency);
				running.add(new Running(exercise, methodStats, new AtomicInteger(this.settings.calls())));
			}
			catch (RuntimeException failure) {
				Status status = Status.fromThrowable(failure);
				String error = status.getCode()
						+ ((status.getDescription() != null) ? ": " + status.getDescription() : "");
				methodStats.setupFailed(error);
				this.probe.log.printf("probe: %s not run, its fixtures failed: %s%n", method.shortName(), error);
			}
		}

		Instant startedAt = Instant.now();
		long start = System.nanoTime();
		this.measureStartNanos = start + this.settings.warmup().toNanos();
		this.measureEndNanos = this.measureStartNanos + this.settings.duration().toNanos();
		stats.forEach((methodStats) -> methodStats.measureFrom(this.measureStartNanos));
		this.probe.log.printf("probe: %d in flight per method, %s warm-up, then %s%n", concurrency,
				ProbeReport.seconds(this.settings.warmup()),
				this.settings.measuresCalls() ? this.settings.calls() + " calls per method"
						: "measuring for " + ProbeReport.seconds(this.settings.duration()));
		this.workersDone = new CountDownLatch(running.size() * concurrency);
		for (Running method : running) {
			for (int worker = 0; worker < concurrency; worker++) {
				next(method, worker);
			}
		}
		this.workersDone.await();

		this.probe.log.printf("probe: deleting the run's users%n");
		Fixtures.Cleanup cleanup = this.probe.fixtures.cleanup();
		List<MethodReport> reports = stats.stream().map(MethodStats::report).toList();
		return new ProbeReport(
				new ProbeReport.Run(target, this.probe.runTag, startedAt, concurrency,
						this.settings.measuresCalls() ? null : this.settings.duration(), this.settings.calls(),
						this.settings.warmup(), this.settings.minSuccessRate(), retryPolicy, headers),
				reports, cleanup);
	}

	/**
	 * Starts the worker's next sample, or retires the worker when the run is over for it.
	 */
	private void next(Running method, int worker) {
		long now = System.nanoTime();
		boolean measured = now - this.measureStartNanos >= 0;
		boolean over = this.settings.measuresCalls() ? measured && method.callsLeft().getAndDecrement() <= 0
				: now - this.measureEndNanos >= 0;
		if (over) {
			this.workersDone.countDown();
			return;
		}
		Sample sample = new Sample(now, measured, (ended) -> {
			if (ended.measured) {
				method.stats().record(ended);
			}
			if (this.starting.get()) {
				// Ended within its own start: go on from another thread rather than
				// recurse.
				ForkJoinPool.commonPool().execute(() -> next(method, worker));
			}
			else {
				next(method, worker);
			}
		});
		this.starting.set(true);
		try {
			method.exercise().start(worker, sample);
		}
		catch (RuntimeException bug) {
			sample.clientError(bug);
		}
		finally {
			this.starting.set(false);
		}
	}

	private record Running(Exercise exercise, MethodStats stats, AtomicInteger callsLeft) {
	}

}

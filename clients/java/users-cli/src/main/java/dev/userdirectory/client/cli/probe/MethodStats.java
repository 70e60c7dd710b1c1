package dev.userdirectory.client.cli.probe;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The measured samples of one method, recorded from many threads at once without locks:
 * latency histograms (microseconds, 3 significant digits) for the samples that succeeded
 * and those that failed, counts per failure status, and the calls and attempts they made.
 */
final class MethodStats {

	/**
	 * Samples longer than this are recorded as this (calls have deadlines far below it).
	 */
	static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

	final ProbeMethod method;

	private final Histogram ok = new ConcurrentHistogram(MAX_MICROS, 3);

	private final Histogram failed = new ConcurrentHistogram(MAX_MICROS, 3);

	private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final LongAdder rpcs = new LongAdder();

	private final LongAdder attempts = new LongAdder();

	private final AtomicLong lastEndNanos = new AtomicLong();

	private volatile long measureStartNanos;

	private volatile String setupError;

	MethodStats(ProbeMethod method) {
		this.method = method;
	}

	/** The start of the measured window: samples started from here on are recorded. */
	void measureFrom(long nanos) {
		this.measureStartNanos = nanos;
		this.lastEndNanos.set(nanos);
	}

	/** The method's fixtures could not be made, so it was not run. */
	void setupFailed(String error) {
		this.setupError = error;
	}

	void record(Sample sample) {
		long micros = Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(sample.latencyNanos())));
		if (sample.succeeded()) {
			this.ok.recordValue(micros);
		}
		else {
			this.failed.recordValue(micros);
			this.failures.computeIfAbsent(sample.status(), (status) -> new LongAdder()).increment();
		}
		this.rpcs.add(sample.rpcs());
		this.attempts.add(sample.attempts());
		this.lastEndNanos.accumulateAndGet(System.nanoTime(), Math::max);
	}

	/** The figures so far; call once the method's samples have all ended. */
	MethodReport report() {
		Map<String, Long> failures = new TreeMap<>();
		this.failures.forEach((status, count) -> failures.put(status, count.sum()));
		double windowSeconds = (this.lastEndNanos.get() - this.measureStartNanos) / 1e9;
		return new MethodReport(this.method.shortName(), this.method.fullName(), this.method.sample(),
				this.ok.getTotalCount(), this.failed.getTotalCount(), failures, Latency.of(this.ok),
				Latency.of(this.failed), windowSeconds, this.rpcs.sum(), this.attempts.sum(), this.setupError);
	}

}

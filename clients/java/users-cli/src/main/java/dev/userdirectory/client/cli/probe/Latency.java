package dev.userdirectory.client.cli.probe;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds, read from an HdrHistogram of microseconds (3
 * significant digits: each figure is within 0.1% of the exact one).
 */
record Latency(double min, double avg, double p50, double p95, double p99, double max) {

	/** The distribution of {@code micros}, or {@code null} when it recorded nothing. */
	static Latency of(Histogram micros) {
		if (micros.getTotalCount() == 0) {
			return null;
		}
		return new Latency(ms(micros.getMinValue()), ms(micros.getMean()), ms(micros.getValueAtPercentile(50)),
				ms(micros.getValueAtPercentile(95)), ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
	}

	private static double ms(double micros) {
		return Math.round(micros) / 1000.0;
	}

}

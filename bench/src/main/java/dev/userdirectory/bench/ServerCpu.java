package dev.userdirectory.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * The CPU time a server process has used, read from the operating system. On a shared
 * two-core host a rate moves ±50 % from run to run with whatever else runs; the CPU a
 * server spends per message moves far less, and says where a gap to the bare server comes
 * from.
 */
final class ServerCpu {

	private final Optional<ProcessHandle> process;

	private ServerCpu(Optional<ProcessHandle> process) {
		this.process = process;
	}

	/**
	 * The process whose pid is in the system property {@code name}; measures nothing
	 * without it.
	 */
	static ServerCpu ofPidProperty(String name) {
		Long pid = Long.getLong(name);
		return new ServerCpu((pid != null) ? ProcessHandle.of(pid) : Optional.empty());
	}

	/** A reading to measure from. */
	Mark mark() {
		return new Mark(used());
	}

	private Optional<Duration> used() {
		return this.process.flatMap((handle) -> handle.info().totalCpuDuration());
	}

	final class Mark {

		private final Optional<Duration> start;

		private Mark(Optional<Duration> start) {
			this.start = start;
		}

		/**
		 * "; server CPU 1.62 s = 16.2 µs/message" since this mark, or nothing when
		 * unmeasured.
		 */
		String per(long count, String unit) {
			Optional<Duration> end = used();
			if (this.start.isEmpty() || end.isEmpty() || count == 0) {
				return "";
			}
			double seconds = end.get().minus(this.start.get()).toNanos() / 1e9;
			return String.format("; server CPU %.2f s = %.1f µs/%s", seconds, seconds * 1e6 / count, unit);
		}

	}

}

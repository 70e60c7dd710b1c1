package dev.userdirectory.client.cli.probe;

/**
 * How the probe uses one method: the fixtures its workers need, and one sample. Each
 * worker has one sample in flight at a time, so per-worker state needs no locking between
 * samples.
 */
abstract class Exercise {

	protected final ProbeContext probe;

	Exercise(ProbeContext probe) {
		this.probe = probe;
	}

	/**
	 * Creates what {@code workers} workers need, before any clock starts; blocks until
	 * done.
	 * @throws RuntimeException (usually a {@code StatusRuntimeException}) when it cannot
	 */
	void prepare(int workers) {
	}

	/**
	 * Starts one sample by {@code worker}, without blocking, and ends it exactly once.
	 */
	abstract void start(int worker, Sample sample);

}

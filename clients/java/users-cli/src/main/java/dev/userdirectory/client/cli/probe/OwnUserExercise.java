package dev.userdirectory.client.cli.probe;

import java.util.List;

import dev.userdirectory.api.v1.User;

/**
 * An exercise whose every worker works on a user of its own, created before the clock
 * starts.
 */
abstract class OwnUserExercise extends Exercise {

	/** Part of the fixtures' emails and names, so they say which exercise made them. */
	private final String kind;

	private List<User> users;

	OwnUserExercise(ProbeContext probe, String kind) {
		super(probe);
		this.kind = kind;
	}

	@Override
	void prepare(int workers) {
		this.users = this.probe.fixtures.users(workers, this.kind);
	}

	List<User> users() {
		return this.users;
	}

	String userId(int worker) {
		return this.users.get(worker).getId();
	}

}

package com.example.onboarding;

import java.util.List;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.client.UsersClient;

import org.springframework.stereotype.Service;

/** Registers new hires in the user directory and keeps their names up to date. */
@Service
public class NewHires {

	private final UsersClient users;

	public NewHires(UsersClient users) {
		this.users = users;
	}

	/**
	 * Registers a hire once: the employee number is the request id, so registering again
	 * (a retry, a re-run of the import) returns the user created the first time.
	 */
	public User register(String employeeNumber, String email, String name, String team) {
		return this.users
			.create(CreateUserRequest.newBuilder()
				.setRequestId("hire-" + employeeNumber)
				.setEmail(email)
				.setName(name)
				.addTags(team)
				.build())
			.getUser();
	}

	/**
	 * Renames {@code seen}, the version the caller read: if someone changed the user
	 * since, the directory refuses with ABORTED rather than overwrite their change.
	 */
	public User rename(User seen, String name) {
		return this.users.update(User.newBuilder().setId(seen.getId()).setEtag(seen.getEtag()).setName(name).build(),
				"name");
	}

	/** Everyone on {@code team}, in the order they joined, read page by page. */
	public List<User> team(String team, int pageSize) {
		try (var members = this.users.list("tag = \"" + team + "\"", pageSize)) {
			return members.toList();
		}
	}

}

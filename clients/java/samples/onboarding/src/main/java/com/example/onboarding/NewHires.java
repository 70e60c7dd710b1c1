package com.example.onboarding;

import java.util.List;
import java.util.Optional;

import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.client.UsersClient;
import dev.userdirectory.client.UsersClient.ListOptions;

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
	 * (a retry, a re-run of the import) returns the user created the first time. It is
	 * also the user's external id, which the directory keeps unique and can be searched
	 * by.
	 */
	public User register(String employeeNumber, String email, String name, String team) {
		return this.users
			.create(CreateUserRequest.newBuilder()
				.setRequestId("hire-" + employeeNumber)
				.setExternalId(employeeNumber)
				.setEmail(email)
				.setName(name)
				.addTags(team)
				.build())
			.getUser();
	}

	/** The hire with this employee number, if registered. */
	public Optional<User> byEmployeeNumber(String employeeNumber) {
		ListOptions options = ListOptions.DEFAULT.withFilter("external_id = " + quoted(employeeNumber)).withPageSize(1);
		try (var matches = this.users.list(options)) {
			return matches.findFirst();
		}
	}

	/**
	 * Deactivates {@code seen}, the version the caller read: a user who changed since is
	 * refused with ABORTED, so an offboarding decided on stale data does not go through.
	 */
	public User offboard(User seen) {
		return this.users.deactivate(seen.getId(), seen.getEtag());
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
		try (var members = this.users.list("tag = " + quoted(team), pageSize)) {
			return members.toList();
		}
	}

	/** A filter's string literal: a quote or backslash in the value is escaped. */
	private static String quoted(String value) {
		return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}

package dev.userdirectory.client.cli.probe;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.userdirectory.api.v1.UserServiceGrpc;
import io.grpc.MethodDescriptor;

/**
 * The RPCs of users.v1.UserService, in the proto's order, each with what one sample of it
 * is: one real, complete use of the method, on fixtures the probe creates for the run.
 */
enum ProbeMethod {

	GET_USER(UserServiceGrpc.getGetUserMethod(), GetUserExercise::new,
			"GetUser of a user created for the worker; the answer must be that user."),

	CREATE_USER(UserServiceGrpc.getCreateUserMethod(), CreateUserExercise::new,
			"CreateUser of a new user (unique email, tagged with the run tag)."),

	UPDATE_USER(UserServiceGrpc.getUpdateUserMethod(), UpdateUserExercise::new,
			"UpdateUser of the worker's user: a new name, unconditionally (mask `name`, no etag)."),

	DELETE_USER(UserServiceGrpc.getDeleteUserMethod(), DeleteUserExercise::new,
			"DeleteUser (no etag) of a user created for it ahead of time, outside the sample's time."),

	LIST_USERS(UserServiceGrpc.getListUsersMethod(), ListUsersExercise::new,
			"ListUsers of one page of list-page-size users (filter: the run's list tag, which exactly "
					+ "that many users carry), read to the end of the stream."),

	WATCH_USER_CHANGES(UserServiceGrpc.getWatchUserChangesMethod(), WatchUserChangesExercise::new,
			"WatchUserChanges from now; once it delivers a first change (any: proof that it runs; or "
					+ "after 100 ms on a service nobody else changes), an UpdateUser renames the worker's user; "
					+ "timed from that UpdateUser until its change arrives on the watch (then cancelled): "
					+ "the write, commit-to-delivery and the feed, not the opening."),

	CREATE_USERS(UserServiceGrpc.getCreateUsersMethod(), CreateUsersExercise::new,
			"CreateUsers of batch-size new users in one client stream, until its response."),

	UPLOAD_USER_DATA(UserServiceGrpc.getUploadUserDataMethod(), UploadUserDataExercise::new,
			"UploadUserData of data-size bytes to the worker's user (metadata with the sha256, then "
					+ "64 KiB chunks as flow control allows), until its response."),

	DOWNLOAD_USER_DATA(UserServiceGrpc.getDownloadUserDataMethod(), DownloadUserDataExercise::new,
			"DownloadUserData of the worker's user's data-size bytes, read to the end of the stream."),

	CHAT(UserServiceGrpc.getChatMethod(), ChatExercise::new,
			"Chat: join the worker's room, post a message, read until it comes back, half-close, "
					+ "until the stream ends."),

	COLLABORATIVE_EDIT(UserServiceGrpc.getCollaborativeEditMethod(), CollaborativeEditExercise::new,
			"CollaborativeEdit: join the bio of the worker's user, wait for the snapshot, replace the "
					+ "text by an edit on its version, read until it is applied, half-close, until the stream ends."),

	BATCH_GET_USERS(UserServiceGrpc.getBatchGetUsersMethod(), BatchGetUsersExercise::new,
			"BatchGetUsers of the batch-size users created for the worker, last first; the answer must be "
					+ "those users in that order."),

	UNDELETE_USER(UserServiceGrpc.getUndeleteUserMethod(), UndeleteUserExercise::new,
			"UndeleteUser (no etag) of the worker's user, deleted before; then, outside the sample's time, "
					+ "a DeleteUser deletes it again."),

	DEACTIVATE_USER(UserServiceGrpc.getDeactivateUserMethod(), DeactivateUserExercise::new,
			"DeactivateUser (no etag) of the worker's active user; then, outside the sample's time, a "
					+ "ReactivateUser makes it active again."),

	REACTIVATE_USER(UserServiceGrpc.getReactivateUserMethod(), ReactivateUserExercise::new,
			"ReactivateUser (no etag) of the worker's user, deactivated before; then, outside the sample's "
					+ "time, a DeactivateUser makes it inactive again.");

	private final MethodDescriptor<?, ?> descriptor;

	private final Function<ProbeContext, Exercise> exercise;

	private final String sample;

	ProbeMethod(MethodDescriptor<?, ?> descriptor, Function<ProbeContext, Exercise> exercise, String sample) {
		this.descriptor = descriptor;
		this.exercise = exercise;
		this.sample = sample;
	}

	/** The name in the proto, e.g. {@code GetUser}. */
	String shortName() {
		return this.descriptor.getBareMethodName();
	}

	/** E.g. {@code users.v1.UserService/GetUser}. */
	String fullName() {
		return this.descriptor.getFullMethodName();
	}

	/** What one sample of this method is. */
	String sample() {
		return this.sample;
	}

	Exercise exercise(ProbeContext probe) {
		return this.exercise.apply(probe);
	}

	/**
	 * The methods named (short or full names, any case), in the service's order; all of
	 * them for an empty list.
	 * @throws IllegalArgumentException naming an unknown method and the known ones
	 */
	static List<ProbeMethod> parse(List<String> names) {
		Set<ProbeMethod> chosen = EnumSet.noneOf(ProbeMethod.class);
		for (String name : names) {
			String wanted = name.strip();
			if (wanted.isEmpty()) {
				continue;
			}
			chosen.add(find(wanted));
		}
		return new ArrayList<>(chosen.isEmpty() ? EnumSet.allOf(ProbeMethod.class) : chosen);
	}

	private static ProbeMethod find(String name) {
		for (ProbeMethod method : values()) {
			if (method.shortName().equalsIgnoreCase(name) || method.fullName().equalsIgnoreCase(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException("unknown method '" + name + "'; users.v1.UserService has "
				+ EnumSet.allOf(ProbeMethod.class)
					.stream()
					.map(ProbeMethod::shortName)
					.collect(Collectors.joining(", ")));
	}

	@Override
	public String toString() {
		return shortName();
	}

}

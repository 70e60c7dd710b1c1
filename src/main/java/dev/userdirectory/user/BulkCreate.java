package dev.userdirectory.user;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.error.FieldViolation;

/**
 * The items of one CreateUsers stream, checked for duplicates as they arrive: within the stream
 * here, against stored users by {@link UserService#createAll}. Errors name the item's index.
 */
public final class BulkCreate {

	private final List<NewUser> users = new ArrayList<>();

	private final List<String> requestIds = new ArrayList<>();

	private final Map<String, Integer> indexByEmail = new HashMap<>();

	private final Map<String, Integer> indexByRequestId = new HashMap<>();

	/** Adds the next item; a duplicate of an earlier one fails the whole stream. */
	public void add(NewUser user, String requestId) {
		int index = this.users.size();
		Integer earlier = this.indexByEmail.putIfAbsent(user.email(), index);
		if (earlier != null) {
			throw duplicate(index, "email", "repeats the email of users[" + earlier + "]");
		}
		if (!requestId.isEmpty()) {
			Integer earlierRequest = this.indexByRequestId.putIfAbsent(requestId, index);
			if (earlierRequest != null) {
				throw duplicate(index, "request_id", "repeats the request_id of users[" + earlierRequest + "]");
			}
		}
		this.users.add(user);
		this.requestIds.add(requestId);
	}

	public int size() {
		return this.users.size();
	}

	List<NewUser> users() {
		return this.users;
	}

	List<String> requestIds() {
		return this.requestIds;
	}

	/** The first item whose email or request id is among {@code taken}, as the error to answer. */
	Optional<ApiException> firstConflict(List<String> takenEmails, List<String> takenRequestIds) {
		Optional<Integer> email = takenEmails.stream().map(this.indexByEmail::get).min(Integer::compare);
		Optional<Integer> request = takenRequestIds.stream().map(this.indexByRequestId::get).min(Integer::compare);
		if (email.isPresent() && (request.isEmpty() || email.get() <= request.get())) {
			return Optional.of(duplicate(email.get(), "email", "a user with this email already exists"));
		}
		return request.map((index) -> duplicate(index, "request_id", "this request_id was already used"));
	}

	private static ApiException duplicate(int index, String field, String description) {
		ErrorReason reason = field.equals("email") ? ErrorReason.EMAIL_ALREADY_EXISTS
				: ErrorReason.REQUEST_ID_ALREADY_USED;
		return new ApiException(reason, "users[" + index + "]." + field + " " + description + "; nothing was created",
				Map.of("index", Integer.toString(index)),
				List.of(new FieldViolation("users[" + index + "]." + field, description)));
	}

}

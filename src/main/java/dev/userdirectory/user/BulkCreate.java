package dev.userdirectory.user;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.error.FieldViolation;

/**
 * The unique keys of one CreateUsers stream's items, by index: duplicates within the
 * stream are found here as items arrive, and a duplicate of a stored user, which the
 * database finds, is traced back to the first item that carries it. Errors name the
 * item's index.
 */
public final class BulkCreate {

	private final Map<String, Integer> indexByEmail = new HashMap<>();

	private final Map<String, Integer> indexByRequestId = new HashMap<>();

	private int size;

	/** Adds the next item; a duplicate of an earlier one fails the whole stream. */
	public void add(NewUser user, String requestId) {
		int index = this.size;
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
		this.size++;
	}

	public int size() {
		return this.size;
	}

	Collection<String> emails() {
		return this.indexByEmail.keySet();
	}

	Collection<String> requestIds() {
		return this.indexByRequestId.keySet();
	}

	/**
	 * The first item whose email or request id is among {@code taken}, as the error to
	 * answer.
	 */
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

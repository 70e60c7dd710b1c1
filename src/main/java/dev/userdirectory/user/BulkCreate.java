package dev.userdirectory.user;

import java.util.Collection;
import java.util.EnumMap;
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

	/** The values a user must not share with any other, each with its error. */
	enum UniqueKey {

		EMAIL("email", ErrorReason.EMAIL_ALREADY_EXISTS, "a user with this email already exists"),

		REQUEST_ID("request_id", ErrorReason.REQUEST_ID_ALREADY_USED, "this request_id was already used"),

		EXTERNAL_ID("external_id", ErrorReason.EXTERNAL_ID_TAKEN, "a user with this external_id already exists");

		private final String field;

		private final ErrorReason reason;

		private final String takenDescription;

		UniqueKey(String field, ErrorReason reason, String takenDescription) {
			this.field = field;
			this.reason = reason;
			this.takenDescription = takenDescription;
		}

	}

	private final Map<UniqueKey, Map<String, Integer>> indexByKey = new EnumMap<>(UniqueKey.class);

	private int size;

	public BulkCreate() {
		for (UniqueKey key : UniqueKey.values()) {
			this.indexByKey.put(key, new HashMap<>());
		}
	}

	/**
	 * Adds the next item; a duplicate of an earlier one fails the whole stream. Empty
	 * request and external ids are absent, not shared.
	 */
	public void add(NewUser user, String requestId) {
		int index = this.size;
		claim(UniqueKey.EMAIL, user.email(), index);
		claim(UniqueKey.REQUEST_ID, requestId, index);
		claim(UniqueKey.EXTERNAL_ID, user.externalId(), index);
		this.size++;
	}

	private void claim(UniqueKey key, String value, int index) {
		if (value.isEmpty()) {
			return;
		}
		Integer earlier = this.indexByKey.get(key).putIfAbsent(value, index);
		if (earlier != null) {
			throw duplicate(index, key, "repeats the " + key.field + " of users[" + earlier + "]");
		}
	}

	public int size() {
		return this.size;
	}

	Collection<String> values(UniqueKey key) {
		return this.indexByKey.get(key).keySet();
	}

	/**
	 * The first item whose value of some unique key is among the stored ones in
	 * {@code taken}, as the error to answer.
	 */
	Optional<ApiException> firstConflict(Map<UniqueKey, List<String>> taken) {
		UniqueKey firstKey = null;
		int firstIndex = Integer.MAX_VALUE;
		// In the keys' order, so an item with several taken values is named by the first.
		for (UniqueKey key : UniqueKey.values()) {
			Map<String, Integer> indexes = this.indexByKey.get(key);
			for (String value : taken.getOrDefault(key, List.of())) {
				Integer index = indexes.get(value);
				if (index != null && index < firstIndex) {
					firstIndex = index;
					firstKey = key;
				}
			}
		}
		return (firstKey != null) ? Optional.of(duplicate(firstIndex, firstKey, firstKey.takenDescription))
				: Optional.empty();
	}

	private static ApiException duplicate(int index, UniqueKey key, String description) {
		return new ApiException(key.reason,
				"users[" + index + "]." + key.field + " " + description + "; nothing was created",
				Map.of("index", Integer.toString(index)),
				List.of(new FieldViolation("users[" + index + "]." + key.field, description)));
	}

}

package dev.userdirectory.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fields an update changes, each as the change it makes to a stored user; a field the
 * patch does not name keeps its stored value, which is how an update mask reaches the
 * domain. Immutable: each {@code with} returns a new patch.
 */
public final class UserPatch {

	private final List<Consumer<UserEntity>> changes;

	private UserPatch(List<Consumer<UserEntity>> changes) {
		this.changes = List.copyOf(changes);
	}

	public static UserPatch empty() {
		return new UserPatch(List.of());
	}

	void applyTo(UserEntity user) {
		this.changes.forEach((change) -> change.accept(user));
	}

	public UserPatch withEmail(String value) {
		return with((user) -> user.setEmail(NewUser.normalizeEmail(value)));
	}

	public UserPatch withName(String value) {
		return with((user) -> user.setName(value));
	}

	public UserPatch withAge(int value) {
		return with((user) -> user.setAge(value));
	}

	public UserPatch withStatus(UserEntity.Status value) {
		return with((user) -> user.setStatus(value));
	}

	public UserPatch withTags(List<String> value) {
		List<String> tags = List.copyOf(value);
		return with((user) -> user.setTags(tags));
	}

	public UserPatch withBio(String value) {
		return with((user) -> user.setBio(value));
	}

	public UserPatch withAvatarUrl(String value) {
		return with((user) -> user.setAvatarUrl(value));
	}

	/** Replaces the whole map, as AIP-134 says of a map field named in a mask. */
	public UserPatch withAnnotations(Map<String, String> value) {
		Map<String, String> annotations = Map.copyOf(value);
		return with((user) -> user.setAnnotations(annotations));
	}

	public UserPatch withExternalId(String value) {
		return with((user) -> user.setExternalId(value));
	}

	private UserPatch with(Consumer<UserEntity> change) {
		List<Consumer<UserEntity>> all = new ArrayList<>(this.changes);
		all.add(change);
		return new UserPatch(all);
	}

}

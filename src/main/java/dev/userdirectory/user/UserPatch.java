package dev.userdirectory.user;

import java.util.List;
import java.util.Optional;

/**
 * The fields an update changes; an empty optional leaves the stored value alone, which is
 * how an update mask reaches the domain.
 */
public record UserPatch(Optional<String> email, Optional<String> name, Optional<Integer> age,
		Optional<UserEntity.Status> status, Optional<List<String>> tags, Optional<String> bio,
		Optional<String> avatarUrl) {

	public static UserPatch empty() {
		return new UserPatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), Optional.empty());
	}

	void applyTo(UserEntity user) {
		this.email.map(NewUser::normalizeEmail).ifPresent(user::setEmail);
		this.name.ifPresent(user::setName);
		this.age.ifPresent(user::setAge);
		this.status.ifPresent(user::setStatus);
		this.tags.ifPresent(user::setTags);
		this.bio.ifPresent(user::setBio);
		this.avatarUrl.ifPresent(user::setAvatarUrl);
	}

	public UserPatch withEmail(String value) {
		return new UserPatch(Optional.of(value), this.name, this.age, this.status, this.tags, this.bio, this.avatarUrl);
	}

	public UserPatch withName(String value) {
		return new UserPatch(this.email, Optional.of(value), this.age, this.status, this.tags, this.bio,
				this.avatarUrl);
	}

	public UserPatch withAge(int value) {
		return new UserPatch(this.email, this.name, Optional.of(value), this.status, this.tags, this.bio,
				this.avatarUrl);
	}

	public UserPatch withStatus(UserEntity.Status value) {
		return new UserPatch(this.email, this.name, this.age, Optional.of(value), this.tags, this.bio, this.avatarUrl);
	}

	public UserPatch withTags(List<String> value) {
		return new UserPatch(this.email, this.name, this.age, this.status, Optional.of(List.copyOf(value)), this.bio,
				this.avatarUrl);
	}

	public UserPatch withBio(String value) {
		return new UserPatch(this.email, this.name, this.age, this.status, this.tags, Optional.of(value),
				this.avatarUrl);
	}

	public UserPatch withAvatarUrl(String value) {
		return new UserPatch(this.email, this.name, this.age, this.status, this.tags, this.bio, Optional.of(value));
	}

}

package dev.userdirectory.user;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One annotation's row: its value, and its user's creation time repeated so that the
 * (key, value, user_created_at, user_id) index gives a rare annotation's users already in
 * ListUsers' default order, and a page of them is read without finding and sorting all of
 * them. A user's creation time never changes, so the copy never goes stale.
 */
@Embeddable
class StoredAnnotation {

	@Column(name = "annotation_value")
	private String value;

	@Column(name = "user_created_at")
	private Instant userCreatedAt;

	protected StoredAnnotation() {
	}

	StoredAnnotation(String value, Instant userCreatedAt) {
		this.value = value;
		this.userCreatedAt = userCreatedAt;
	}

	String value() {
		return this.value;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof StoredAnnotation that && Objects.equals(this.value, that.value)
				&& Objects.equals(this.userCreatedAt, that.userCreatedAt);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.value, this.userCreatedAt);
	}

}

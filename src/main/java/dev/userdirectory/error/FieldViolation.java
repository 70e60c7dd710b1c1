package dev.userdirectory.error;

/**
 * One invalid field of a request, named by its path in the request message
 * ({@code email}, {@code user.profile.avatar_url}, {@code users[3].email}).
 */
public record FieldViolation(String field, String description) {

	public FieldViolation withPrefix(String prefix) {
		if (prefix.isEmpty()) {
			return this;
		}
		return new FieldViolation(this.field.isEmpty() ? prefix : prefix + "." + this.field, this.description);
	}

}

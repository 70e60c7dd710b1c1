package dev.userdirectory.user;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a create asks for, already checked against the API's rules. */
public record NewUser(String email, String name, int age, List<String> tags, String bio, String avatarUrl,
		Map<String, String> annotations, String externalId) {

	public NewUser {
		email = normalizeEmail(email);
		tags = List.copyOf(tags);
		annotations = Map.copyOf(annotations);
	}

	/** Emails are unique case-insensitively, so they are stored in one canonical form. */
	public static String normalizeEmail(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

}

package dev.userdirectory.user;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NewUserTests {

	@Test
	void emailsAreStoredTrimmedAndLowerCased() {
		NewUser user = new NewUser("  Ada.Lovelace@Example.COM\t", "Ada", 36, List.of(), "", "", Map.of(), "");
		assertThat(user.email()).isEqualTo("ada.lovelace@example.com");
	}

	@Test
	void lowerCasingDoesNotDependOnTheDefaultLocale() {
		java.util.Locale before = java.util.Locale.getDefault();
		try {
			java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
			assertThat(NewUser.normalizeEmail("IRIS@EXAMPLE.COM")).isEqualTo("iris@example.com");
		}
		finally {
			java.util.Locale.setDefault(before);
		}
	}

}

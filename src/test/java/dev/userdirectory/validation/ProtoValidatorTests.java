package dev.userdirectory.validation;

import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.FieldViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProtoValidatorTests {

	private final ProtoValidator validator = new ProtoValidator();

	private final User valid = User.newBuilder()
		.setEmail("ada@example.com")
		.setName("Ada")
		.setStatus(UserStatus.USER_STATUS_ACTIVE)
		.build();

	@Test
	void aValidMessageHasNoViolations() {
		assertThat(this.validator.violations(this.valid, "")).isEmpty();
	}

	@Test
	void violationsAreNamedByTheirPathUnderThePrefix() {
		User user = this.valid.toBuilder()
			.addTags("ok")
			.addTags("")
			.setProfile(Profile.newBuilder().setAvatarUrl("/relative.png"))
			.build();

		assertThat(this.validator.violations(user, "users[3]")).extracting(FieldViolation::field)
			.containsExactlyInAnyOrder("users[3].tags[1]", "users[3].profile.avatar_url");
	}

	@Test
	void aHugeMapKeyIsNamedByItsBeginningSoTheErrorStaysSmall() {
		String key = "K".repeat(1 << 20);
		User user = this.valid.toBuilder().putAnnotations(key, "v").build();

		assertThat(this.validator.violations(user, "user")).extracting(FieldViolation::field)
			.containsOnly("user.annotations[\"" + "K".repeat(64) + "…\"]");
	}

	@Test
	void noStringAtAnyDepthMayCarryANulCharacter() {
		User user = this.valid.toBuilder()
			.setName("Ada\0")
			.addTags("ok")
			.addTags("n\0l")
			.setProfile(Profile.newBuilder().setBio("\0"))
			.build();

		assertThat(this.validator.violations(user, "user")).extracting(FieldViolation::field)
			.containsExactlyInAnyOrder("user.name", "user.tags[1]", "user.profile.bio");
	}

	@Test
	void avatarUrlsMustBeAbsoluteHttpUrls() {
		for (String good : new String[] { "", "https://example.com/a.png", "HTTP://example.com" }) {
			assertThat(violationsOfAvatar(good)).as(good).isEmpty();
		}
		for (String bad : new String[] { "example.com/a.png", "ftp://example.com", "javascript:alert(1)", "https://",
				"http:///path", "https://example.com/" + "a".repeat(2048) }) {
			assertThat(violationsOfAvatar(bad)).as(bad)
				.extracting(FieldViolation::field)
				.containsExactly("profile.avatar_url");
		}
	}

	@Test
	void validateThrowsAnInvalidArgumentListingEveryViolation() {
		User user = this.valid.toBuilder().setName("").setAge(-1).build();

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.validator.validate(user, "user"))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(FieldViolation::field)
				.containsExactlyInAnyOrder("user.name", "user.age"))
			.withMessageStartingWith("invalid request: ")
			.withMessageContaining("(and 1 more)");
	}

	private java.util.List<FieldViolation> violationsOfAvatar(String url) {
		return this.validator
			.violations(this.valid.toBuilder().setProfile(Profile.newBuilder().setAvatarUrl(url)).build(), "");
	}

}

package dev.userdirectory.validation;

import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.User;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CreateUserRequest repeats User's field rules so that clients see them on the request
 * they build; this keeps the two copies from drifting apart.
 */
class ProtoRulesTests {

	@ParameterizedTest
	@ValueSource(strings = { "email", "name", "age", "tags", "profile" })
	void createUserRequestCarriesTheSameRulesAsUser(String field) {
		List<?> userRules = rulesOf(User.getDescriptor(), field);
		if (!field.equals("profile")) {
			assertThat(userRules).as("User.%s declares rules", field).isNotEmpty();
		}
		assertThat(rulesOf(CreateUserRequest.getDescriptor(), field)).isEqualTo(userRules);
	}

	private static List<?> rulesOf(Descriptor message, String field) {
		var options = message.findFieldByName(field).getOptions();
		return List.of(options.getAllFields().values().toArray());
	}

}

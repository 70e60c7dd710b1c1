package dev.userdirectory.listing;

import dev.userdirectory.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** order_by as UserOrder reads it. */
class ListUsersOrderByTests {

	@Test
	void readsEachKeyWithOptionalDirection() {
		assertThat(UserOrder.parse("")).isEqualTo(UserOrder.DEFAULT);
		assertThat(UserOrder.parse("  ")).isEqualTo(UserOrder.DEFAULT);
		assertThat(UserOrder.parse("created_at")).isEqualTo(new UserOrder(UserOrder.Key.CREATED_AT, false));
		assertThat(UserOrder.parse("name desc")).isEqualTo(new UserOrder(UserOrder.Key.NAME, true));
		assertThat(UserOrder.parse(" email  asc ")).isEqualTo(new UserOrder(UserOrder.Key.EMAIL, false));
		assertThat(UserOrder.parse("age desc")).isEqualTo(new UserOrder(UserOrder.Key.AGE, true));
		assertThat(UserOrder.parse("updated_at")).isEqualTo(new UserOrder(UserOrder.Key.UPDATED_AT, false));
	}

	@Test
	void breaksTiesByIdInTheSameDirection() {
		assertThat(UserOrder.parse("age desc").sql("u")).isEqualTo("u.age desc, u.id desc");
		assertThat(UserOrder.parse("name").sql("p")).isEqualTo("p.name, p.id");
	}

	@ParameterizedTest
	@ValueSource(strings = { "id", "status", "name descending", "name DESC", "name desc, age", "name,age",
			"created_at desc asc", "Name" })
	void refusesAnythingElseOnOrderBy(String orderBy) {
		ApiException failure = assertThrows(ApiException.class, () -> UserOrder.parse(orderBy));

		assertThat(failure.violations()).singleElement()
			.satisfies((violation) -> assertThat(violation.field()).isEqualTo("order_by"));
	}

}

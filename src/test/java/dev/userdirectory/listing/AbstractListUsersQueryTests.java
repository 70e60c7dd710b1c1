package dev.userdirectory.listing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import io.grpc.Status.Code;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ListUsers' users.v1.1 filters, order_by and show_deleted over the wire. Each test's
 * users carry a tag of their own, and every filter here is ANDed with it, so users of
 * other tests never show up.
 */
abstract class AbstractListUsersQueryTests extends AbstractGrpcIntegrationTests {

	private final String tag = "query-" + UUID.randomUUID().toString().substring(0, 8);

	/** Ann (30), anna (41), Bob (30), Bob (25), Cy (41): ties on names and ages. */
	private List<User> created;

	@BeforeEach
	void createUsers() {
		this.created = new ArrayList<>();
		create("Ann", 30, "ANN", Map.of("example.com/team", "core", "tier", "gold"), "hr-ann", "ops");
		create("anna", 41, "anna", Map.of("example.com/team", "web"), "", "ops");
		create("Bob", 30, "bob", Map.of("tier", "silver"), "hr-bob", "dev");
		create("Bob", 25, "bob2", Map.of(), "", "dev");
		create("Cy", 41, "cy", Map.of("tier", "gold"), "", "ops");
	}

	private void create(String name, int age, String emailLocalPart, Map<String, String> annotations, String externalId,
			String otherTag) {
		String unique = this.tag + (externalId.isEmpty() ? "" : "-" + externalId);
		this.created.add(
				this.users
					.createUser(CreateUserRequest.newBuilder()
						.setEmail(emailLocalPart + "." + this.tag + "@Example.com")
						.setName(name)
						.setAge(age)
						.addTags(this.tag)
						.addTags(otherTag)
						.putAllAnnotations(annotations)
						.setExternalId(externalId.isEmpty() ? "" : unique)
						.build())
					.getUser());
	}

	private User user(String name, int age) {
		return this.created.stream().filter((u) -> u.getName().equals(name) && u.getAge() == age).findFirst().get();
	}

	private List<ListUsersResponse> page(ListUsersRequest.Builder request) {
		List<ListUsersResponse> messages = new ArrayList<>();
		this.users.listUsers(request.build()).forEachRemaining(messages::add);
		return messages;
	}

	/** Every page of the filter (ANDed with this test's tag), in order. */
	private List<User> all(String filter, String orderBy, boolean showDeleted, int pageSize) {
		String scoped = "tags:\"" + this.tag + "\"" + (filter.isEmpty() ? "" : " AND (" + filter + ")");
		List<User> listed = new ArrayList<>();
		String token = "";
		do {
			List<ListUsersResponse> page = page(ListUsersRequest.newBuilder()
				.setFilter(scoped)
				.setOrderBy(orderBy)
				.setShowDeleted(showDeleted)
				.setPageSize(pageSize)
				.setPageToken(token));
			page.forEach((message) -> listed.add(message.getUser()));
			token = page.isEmpty() ? "" : page.get(page.size() - 1).getNextPageToken();
		}
		while (!token.isEmpty());
		return listed;
	}

	private List<String> names(String filter) {
		return all(filter, "", false, 10).stream().map((u) -> u.getName() + "/" + u.getAge()).toList();
	}

	private static String rfc3339(com.google.protobuf.Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString();
	}

	@Test
	void filtersOnEveryDocumentedField() {
		assertThat(names("name = \"Bob\"")).containsExactly("Bob/30", "Bob/25");
		assertThat(names("name = \"Ann*\"")).containsExactly("Ann/30");
		assertThat(names("name = \"*\"")).hasSize(5);
		assertThat(names("name != \"Bob\"")).containsExactly("Ann/30", "anna/41", "Cy/41");
		assertThat(names("age >= 30 AND age < 41")).containsExactly("Ann/30", "Bob/30");
		assertThat(names("age != 30")).containsExactly("anna/41", "Bob/25", "Cy/41");
		assertThat(names("email = \"BOB." + this.tag.toUpperCase() + "@EXAMPLE.COM\"")).containsExactly("Bob/30");
		assertThat(names("email = \"BOB*\"")).containsExactly("Bob/30", "Bob/25");
		assertThat(names("external_id = \"" + this.tag + "-hr-bob\"")).containsExactly("Bob/30");
		assertThat(names("external_id = \"\"")).containsExactly("anna/41", "Bob/25", "Cy/41");
		assertThat(names("external_id != \"" + this.tag + "-hr-bob\"")).containsExactly("Ann/30", "anna/41", "Bob/25",
				"Cy/41");
		assertThat(names("tags:\"dev\"")).containsExactly("Bob/30", "Bob/25");
		assertThat(names("tag = \"ops\" AND NOT tags:\"dev\"")).containsExactly("Ann/30", "anna/41", "Cy/41");
		assertThat(names("annotations.example.com/team:*")).containsExactly("Ann/30", "anna/41");
		assertThat(names("annotations.tier = \"gold\"")).containsExactly("Ann/30", "Cy/41");
		assertThat(names("-annotations.tier:*")).containsExactly("anna/41", "Bob/25");
		assertThat(names("status = USER_STATUS_ACTIVE")).hasSize(5);
		assertThat(names("status != ACTIVE")).isEmpty();
	}

	@Test
	void filtersOnTimes() {
		User bob = user("Bob", 30);
		this.users.updateUser(UpdateUserRequest.newBuilder()
			.setUser(User.newBuilder().setId(bob.getId()).setStatus(UserStatus.USER_STATUS_SUSPENDED))
			.setUpdateMask(FieldMask.newBuilder().addPaths("status"))
			.build());

		assertThat(names("created_at >= \"" + rfc3339(bob.getCreatedAt()) + "\"")).containsExactly("Bob/30", "Bob/25",
				"Cy/41");
		assertThat(names("created_at < \"" + rfc3339(bob.getCreatedAt()) + "\"")).containsExactly("Ann/30", "anna/41");
		assertThat(names("updated_at > \"" + rfc3339(user("Cy", 41).getUpdatedAt()) + "\"")).containsExactly("Bob/30");
		assertThat(names("status = USER_STATUS_SUSPENDED")).containsExactly("Bob/30");
	}

	@Test
	void orBindsTighterThanAnd() {
		// AIP-160: a AND b OR c is a AND (b OR c).
		assertThat(names("age = 41 AND name = \"Cy\" OR name = \"Ann\"")).containsExactly("Cy/41");
		assertThat(names("(age = 41 AND name = \"Cy\") OR name = \"Ann\"")).containsExactly("Ann/30", "Cy/41");
	}

	@Test
	void ordersByEveryKeyBothWaysWithTiesByIdAcrossPages() {
		assertOrder("created_at", Comparator.comparing((User u) -> rfc3339Sortable(u.getCreatedAt())));
		assertOrder("updated_at", Comparator.comparing((User u) -> rfc3339Sortable(u.getUpdatedAt())));
		assertOrder("name", Comparator.comparing(User::getName));
		assertOrder("email", Comparator.comparing(User::getEmail));
		assertOrder("age", Comparator.comparing(User::getAge));
	}

	private static String rfc3339Sortable(com.google.protobuf.Timestamp timestamp) {
		return String.format("%012d%09d", timestamp.getSeconds(), timestamp.getNanos());
	}

	private void assertOrder(String key, Comparator<User> byKey) {
		// UUIDs compare as their unsigned bytes in both databases, which is their text's
		// order.
		Comparator<User> ascending = byKey.thenComparing(User::getId);
		for (int pageSize : List.of(1, 2, 10)) {
			assertThat(ids(all("", key, false, pageSize))).as("%s, pages of %d", key, pageSize)
				.containsExactlyElementsOf(ids(this.created.stream().sorted(ascending).toList()));
			assertThat(ids(all("", key + " asc", false, pageSize))).as("%s asc, pages of %d", key, pageSize)
				.containsExactlyElementsOf(ids(this.created.stream().sorted(ascending).toList()));
			assertThat(ids(all("", key + " desc", false, pageSize))).as("%s desc, pages of %d", key, pageSize)
				.containsExactlyElementsOf(ids(this.created.stream().sorted(ascending.reversed()).toList()));
		}
	}

	private static List<String> ids(List<User> users) {
		return users.stream().map(User::getId).toList();
	}

	@Test
	void ordersAndFiltersTogether() {
		assertThat(all("tags:\"ops\"", "age desc", false, 1)).extracting((u) -> u.getName() + "/" + u.getAge())
			.containsExactlyElementsOf(this.created.stream()
				.filter((u) -> u.getTagsList().contains("ops"))
				.sorted(Comparator.comparing(User::getAge).thenComparing(User::getId).reversed())
				.map((u) -> u.getName() + "/" + u.getAge())
				.toList());
	}

	@Test
	void pagesAnAnnotationValueInCreationOrderBothWaysAcrossPagesAndTies() {
		// Ann, Bob (30) and Cy, all "gold" below, share an instant, as users of one
		// CreateUsers do, so that pages also continue within one creation time.
		Instant shared = Instant.parse("2026-11-30T08:00:00Z");
		List<UUID> tied = List.of(user("Ann", 30), user("Bob", 30), user("Cy", 41))
			.stream()
			.map((u) -> UUID.fromString(u.getId()))
			.toList();
		for (UUID id : tied) {
			this.jdbc.update("update users set created_at = ? where id = ?", Timestamp.from(shared), id);
			this.jdbc.update("update user_annotations set user_created_at = ? where user_id = ?",
					Timestamp.from(shared), id);
		}
		this.jdbc.update(
				"update user_annotations set annotation_value = 'gold' where user_id = ? and annotation_key = ?",
				tied.get(1), "tier");
		// UUIDs compare as their text in both databases.
		List<String> gold = tied.stream().map(UUID::toString).sorted().toList();
		List<String> goldDescending = gold.stream().sorted(Comparator.reverseOrder()).toList();

		for (int pageSize : List.of(1, 2, 10)) {
			assertThat(ids(all("annotations.tier = \"gold\"", "", false, pageSize))).as("pages of %d", pageSize)
				.containsExactlyElementsOf(gold);
			assertThat(ids(all("annotations.tier = \"gold\"", "created_at desc", false, pageSize)))
				.as("desc, pages of %d", pageSize)
				.containsExactlyElementsOf(goldDescending);
		}
		assertThat(names("annotations.tier = \"gold\" AND age > 30")).containsExactly("Cy/41");
		assertThat(names("age = 30 AND annotations.tier = \"gold\" AND annotations.example.com/team = \"core\""))
			.containsExactly("Ann/30");
		assertThat(names("annotations.tier = \"gold\" AND annotations.tier = \"silver\"")).isEmpty();
	}

	@Test
	void skipsSoftDeletedUsersUnlessShowDeleted() {
		User bob = user("Bob", 25);
		Instant deleted = Instant.parse("2026-12-01T10:00:00Z");
		this.jdbc.update("update users set delete_time = ?, purge_time = ? where id = ?", Timestamp.from(deleted),
				Timestamp.from(deleted.plusSeconds(30 * 86400)), UUID.fromString(bob.getId()));

		assertThat(names("")).containsExactly("Ann/30", "anna/41", "Bob/30", "Cy/41");
		List<User> withDeleted = all("", "", true, 2);
		assertThat(withDeleted).extracting((u) -> u.getName() + "/" + u.getAge())
			.containsExactly("Ann/30", "anna/41", "Bob/30", "Bob/25", "Cy/41");
		User listedBob = withDeleted.get(3);
		assertThat(listedBob.getDeleteTime().getSeconds()).isEqualTo(deleted.getEpochSecond());
		assertThat(listedBob.hasPurgeTime()).isTrue();
		assertThat(withDeleted.get(2).hasDeleteTime()).isFalse();
		assertThat(all("name = \"Bob\"", "age", true, 1)).extracting(User::getAge).containsExactly(25, 30);
	}

	@Test
	void aPageTokenOnlyContinuesItsOwnFilterOrderAndShowDeleted() {
		String filter = "tags:\"" + this.tag + "\"";
		List<ListUsersResponse> first = page(
				ListUsersRequest.newBuilder().setFilter(filter).setOrderBy("name desc").setPageSize(2));
		String token = first.get(1).getNextPageToken();
		assertThat(token).isNotEmpty();

		for (ListUsersRequest.Builder other : List.of(
				ListUsersRequest.newBuilder().setFilter(filter).setOrderBy("name"),
				ListUsersRequest.newBuilder().setFilter(filter).setOrderBy("email desc"),
				ListUsersRequest.newBuilder().setFilter(filter).setOrderBy("name desc").setShowDeleted(true),
				ListUsersRequest.newBuilder().setFilter(filter + " AND age > 0").setOrderBy("name desc"))) {
			assertFails(Code.INVALID_ARGUMENT, () -> page(other.setPageToken(token))).hasViolationsOn("page_token");
		}
		assertThat(page(ListUsersRequest.newBuilder()
			.setFilter("tag = \"" + this.tag + "\"")
			.setOrderBy("name  desc")
			.setPageToken(token))).as("the same query, spelled differently").hasSize(3);
	}

	@Test
	void pagesByTheLongestNamesAndEmailsThatCanBeStored() {
		// 200 characters outside the Basic Multilingual Plane: the longest sort key a
		// page
		// token can carry.
		String longest = "\uD83D\uDE00".repeat(200);
		for (int i = 0; i < 3; i++) {
			this.users.createUser(CreateUserRequest.newBuilder()
				.setEmail("x".repeat(60) + i + "." + this.tag + "@example.com")
				.setName(longest)
				.addTags(this.tag)
				.build());
		}

		assertThat(all("name = \"" + longest + "\"", "name", false, 1)).hasSize(3);
		assertThat(all("name = \"" + longest + "\"", "email desc", false, 1)).hasSize(3);
	}

	@Test
	void refusesBadOrdersAndFiltersWithNoIndexToServeThem() {
		for (String bad : List.of("id", "name descending", "name, age", "status")) {
			assertFails(Code.INVALID_ARGUMENT, () -> page(ListUsersRequest.newBuilder().setOrderBy(bad)))
				.hasViolationsOn("order_by");
		}
		for (String bad : List.of("NOT tags:\"" + this.tag + "\"", "name != \"Bob\"", "unknown = 1")) {
			assertFails(Code.INVALID_ARGUMENT, () -> page(ListUsersRequest.newBuilder().setFilter(bad)))
				.hasViolationsOn("filter");
		}
	}

}

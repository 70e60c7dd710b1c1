package dev.userdirectory.listing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.CreateUsersRequest;
import dev.userdirectory.api.v1.CreateUsersResponse;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ListUsersResponse;
import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.api.v1.UserStatus;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.ClientStreams;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ListUsers over the wire. Each test tags its own users and filters on that tag, so users
 * made by other tests in the same database never show up.
 */
abstract class AbstractListUsersTests extends AbstractGrpcIntegrationTests {

	private final String tag = "list-" + UUID.randomUUID().toString().substring(0, 8);

	private List<User> createTagged(int count) {
		List<User> created = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			created.add(
					this.users
						.createUser(CreateUserRequest.newBuilder()
							.setEmail(this.tag + "-" + i + "-" + UUID.randomUUID() + "@example.com")
							.setName("User " + i)
							.addTags(this.tag)
							.build())
						.getUser());
		}
		return created;
	}

	private String byTag() {
		return "tag = \"" + this.tag + "\"";
	}

	private List<ListUsersResponse> page(int pageSize, String token, String filter) {
		List<ListUsersResponse> messages = new ArrayList<>();
		Iterator<ListUsersResponse> stream = this.users.listUsers(
				ListUsersRequest.newBuilder().setPageSize(pageSize).setPageToken(token).setFilter(filter).build());
		stream.forEachRemaining(messages::add);
		return messages;
	}

	private static List<String> ids(List<ListUsersResponse> messages) {
		return messages.stream().map((m) -> m.getUser().getId()).toList();
	}

	private static List<String> ids(Iterable<User> users) {
		List<String> ids = new ArrayList<>();
		users.forEach((user) -> ids.add(user.getId()));
		return ids;
	}

	private static String nextToken(List<ListUsersResponse> page) {
		for (int i = 0; i < page.size() - 1; i++) {
			assertThat(page.get(i).getNextPageToken()).as("only the last message carries the token").isEmpty();
		}
		return page.isEmpty() ? "" : page.get(page.size() - 1).getNextPageToken();
	}

	@Test
	void pagesThroughEveryUserInCreationOrderWithoutRepeatsOrGaps() {
		List<User> created = createTagged(25);

		List<ListUsersResponse> first = page(10, "", byTag());
		List<ListUsersResponse> second = page(10, nextToken(first), byTag());
		List<ListUsersResponse> third = page(10, nextToken(second), byTag());

		assertThat(first).hasSize(10);
		assertThat(second).hasSize(10);
		assertThat(third).hasSize(5);
		assertThat(nextToken(third)).as("no more users").isEmpty();
		List<String> listed = new ArrayList<>(ids(first));
		listed.addAll(ids(second));
		listed.addAll(ids(third));
		assertThat(listed).containsExactlyElementsOf(created.stream().map(User::getId).toList());
		assertThat(first.get(0).getUser()).isEqualTo(created.get(0));
	}

	@Test
	void pagesThroughUsersCreatedAtTheSameInstantByOneCreateUsers() throws Throwable {
		List<String> before = ids(createTagged(3));
		CreateUsersResponse bulk = ClientStreams.<CreateUsersRequest, CreateUsersResponse>send(
				UserServiceGrpc.newStub(this.channel)
					.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
					.withDeadlineAfter(30, TimeUnit.SECONDS)::createUsers,
				IntStream.range(0, 25)
					.mapToObj((i) -> CreateUsersRequest.newBuilder()
						.setUser(CreateUserRequest.newBuilder()
							.setEmail(this.tag + "-bulk-" + i + "@example.com")
							.setName("Bulk " + i)
							.addTags(this.tag))
						.build())
					.iterator(),
				30);
		List<String> after = ids(createTagged(3));
		assertThat(bulk.getUsersList()).extracting(User::getCreatedAt)
			.as("one instant")
			.containsOnly(bulk.getUsers(0).getCreatedAt());

		List<String> listed = new ArrayList<>();
		String token = "";
		do {
			List<ListUsersResponse> page = page(7, token, byTag());
			listed.addAll(ids(page));
			token = nextToken(page);
		}
		while (!token.isEmpty());

		assertThat(listed).hasSize(31).doesNotHaveDuplicates();
		assertThat(listed.subList(0, 3)).isEqualTo(before);
		assertThat(listed.subList(3, 28))
			.containsExactlyInAnyOrderElementsOf(bulk.getUsersList().stream().map(User::getId).toList());
		assertThat(listed.subList(28, 31)).isEqualTo(after);
	}

	@Test
	void aPageEndingExactlyAtTheLastUserHasNoToken() {
		createTagged(4);
		List<ListUsersResponse> page = page(4, "", byTag());
		assertThat(page).hasSize(4);
		assertThat(nextToken(page)).isEmpty();
	}

	@Test
	void pageSizeZeroMeansFiftyAndLargeSizesAreCapped() {
		createTagged(55);

		List<ListUsersResponse> defaultPage = page(0, "", byTag());
		assertThat(defaultPage).hasSize(50);
		assertThat(page(0, nextToken(defaultPage), byTag())).hasSize(5);
		assertThat(page(1_000_000, "", byTag())).hasSize(55);
	}

	@Test
	void continuesRightAfterTheLastListedUserWhenUsersChangeBetweenPages() {
		List<User> created = createTagged(6);
		List<ListUsersResponse> first = page(3, "", byTag());
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(created.get(2).getId()).build());
		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(created.get(3).getId()).build());
		List<User> later = createTagged(1);

		List<ListUsersResponse> second = page(10, nextToken(first), byTag());

		assertThat(ids(second)).containsExactly(created.get(4).getId(), created.get(5).getId(), later.get(0).getId());
	}

	@Test
	void listsEveryFieldAsGetUserAnswersItWithTagsInTheirOrder() {
		User richer = this.users
			.createUser(CreateUserRequest.newBuilder()
				.setEmail(this.tag + "-rich-" + UUID.randomUUID() + "@example.com")
				.setName("Rich User")
				.setAge(42)
				.addTags("zeta")
				.addTags(this.tag)
				.addTags("alpha")
				.setProfile(Profile.newBuilder().setBio("Writes lists.").setAvatarUrl("https://example.com/a.png"))
				.build())
			.getUser();
		User plain = createTagged(1).get(0);
		this.users.updateUser(UpdateUserRequest.newBuilder()
			.setUser(User.newBuilder().setId(plain.getId()).setName("Renamed"))
			.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
			.build());

		List<User> listed = page(10, "", byTag()).stream().map(ListUsersResponse::getUser).toList();

		assertThat(listed).containsExactly(
				this.users.getUser(GetUserRequest.newBuilder().setId(richer.getId()).build()).getUser(),
				this.users.getUser(GetUserRequest.newBuilder().setId(plain.getId()).build()).getUser());
		assertThat(listed.get(0).getTagsList()).containsExactly("zeta", this.tag, "alpha");
		assertThat(listed.get(1).getName()).isEqualTo("Renamed");
		assertThat(listed.get(1).getEtag()).as("the etag after the update").isNotEqualTo(plain.getEtag());
	}

	@Test
	void filtersByStatusAndTag() {
		List<User> created = createTagged(4);
		for (User user : List.of(created.get(1), created.get(3))) {
			this.users.updateUser(UpdateUserRequest.newBuilder()
				.setUser(User.newBuilder().setId(user.getId()).setStatus(UserStatus.USER_STATUS_SUSPENDED))
				.setUpdateMask(FieldMask.newBuilder().addPaths("status"))
				.build());
		}

		assertThat(ids(page(10, "", byTag() + " AND status = USER_STATUS_SUSPENDED")))
			.containsExactly(created.get(1).getId(), created.get(3).getId());
		assertThat(ids(page(10, "", "status = USER_STATUS_ACTIVE AND " + byTag())))
			.containsExactly(created.get(0).getId(), created.get(2).getId());
		assertThat(page(10, "", "tag = \"no-such-tag-" + UUID.randomUUID() + "\"")).isEmpty();
	}

	@Test
	void refusesForgedCorruptedOrMismatchedPageTokens() {
		createTagged(3);
		String token = nextToken(page(1, "", byTag()));
		// A middle character: the last one of unpadded base64 may only carry padding
		// bits.
		int middle = token.length() / 2;
		String corrupted = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A')
				+ token.substring(middle + 1);

		for (String bad : List.of(corrupted, "not-a-token", "AAAA", token + "x")) {
			assertFails(Code.INVALID_ARGUMENT, () -> page(1, bad, byTag())).hasViolationsOn("page_token");
		}
		assertFails(Code.INVALID_ARGUMENT, () -> page(1, token, "status = USER_STATUS_ACTIVE"))
			.hasViolationsOn("page_token");
	}

	@Test
	void refusesUnparseableFilters() {
		for (String bad : List.of("status", "status = ", "nickname = \"x\"", "tag = x", "tag = \"x",
				"status = ACTIVE tag = \"x\"", "status > \"USER_STATUS_ACTIVE\"", "tag = \"a\" AND",
				"status = USER_STATUS_BOGUS", "(tag = \"x\"")) {
			assertFails(Code.INVALID_ARGUMENT, () -> page(1, "", bad)).hasViolationsOn("filter");
		}
	}

	@Test
	void refusesANegativePageSize() {
		assertFails(Code.INVALID_ARGUMENT, () -> page(-1, "", "")).hasViolationsOn("page_size");
	}

}

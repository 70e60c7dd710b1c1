package dev.userdirectory.client;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import com.google.rpc.ErrorInfo;
import dev.userdirectory.api.v1.BatchGetUsersRequest;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DeactivateUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.ListUsersRequest;
import dev.userdirectory.api.v1.ReactivateUserRequest;
import dev.userdirectory.api.v1.UndeleteUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.UserStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.userdirectory.client.ScriptedUserService.Answer.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The users.v1.1 calls of UsersClient against a scripted server: what they send, what
 * they make of the answer, and which of them the channel's policy retries (the real
 * service's answers are in UsersClientTests).
 */
class UsersClientRequestTests {

	private static final String ID = "7b0c5b7e-0f0e-4d6a-9a43-6c7f3f1c2d11";

	private static final String OTHER_ID = "0d7c0bb4-61a4-4b0c-9d2e-0c3f4f5e6a7b";

	private ScriptedUserService server;

	private UsersClientContext client;

	@BeforeEach
	void start() throws Exception {
		this.server = new ScriptedUserService();
		this.client = new UsersClientContext(this.server.port());
	}

	@AfterEach
	void stop() throws Exception {
		this.client.close();
		this.server.close();
	}

	@Test
	void batchGetSendsTheIdsInOrderAndReturnsTheUsersInThatOrder() {
		List<User> users = this.client.client().batchGet(List.of(OTHER_ID, ID, OTHER_ID));

		assertThat(users).extracting(User::getId).containsExactly(OTHER_ID, ID, OTHER_ID);
		assertThat(this.server.attempts("BatchGetUsers")).singleElement()
			.satisfies((attempt) -> assertThat(((BatchGetUsersRequest) attempt.request()).getIdsList())
				.containsExactly(OTHER_ID, ID, OTHER_ID));
	}

	@Test
	void batchGetIsRetriedOnUnavailableLikeTheOtherReads() {
		this.server.script(fail(Status.UNAVAILABLE.withDescription("scripted outage").asException()));

		assertThat(this.client.client().batchGet(List.of(ID))).extracting(User::getId).containsExactly(ID);

		assertThat(this.server.attempts("BatchGetUsers")).hasSize(2);
	}

	static Stream<Arguments> statusWrites() {
		return Stream.of(
				Arguments.of("UndeleteUser",
						(BiFunction<UsersClient, String, User>) (users, etag) -> users.undelete(ID, etag),
						UserStatus.USER_STATUS_ACTIVE),
				Arguments.of("DeactivateUser",
						(BiFunction<UsersClient, String, User>) (users, etag) -> users.deactivate(ID, etag),
						UserStatus.USER_STATUS_INACTIVE),
				Arguments.of("ReactivateUser",
						(BiFunction<UsersClient, String, User>) (users, etag) -> users.reactivate(ID, etag),
						UserStatus.USER_STATUS_ACTIVE));
	}

	@ParameterizedTest
	@MethodSource("statusWrites")
	void statusWritesSendIdAndEtagAndAnswerTheChangedUser(String method, BiFunction<UsersClient, String, User> call,
			UserStatus status) {
		User changed = call.apply(this.client.client(), "etag-1");
		call.apply(this.client.client(), null);

		assertThat(changed.getStatus()).isEqualTo(status);
		assertThat(changed.getEtag()).isEqualTo("after-etag-1");
		assertThat(this.server.attempts(method)).extracting((attempt) -> idAndEtag(attempt.request()))
			.containsExactly(List.of(ID, "etag-1"), List.of(ID, ""));
	}

	@ParameterizedTest
	@MethodSource("statusWrites")
	void statusWritesAreNeverRetried(String method, BiFunction<UsersClient, String, User> call, UserStatus status) {
		// The service may have made the change before the answer was lost: a retry would
		// then be refused (ALREADY_EXISTS, FAILED_PRECONDITION) for a write that
		// happened.
		this.server.script(fail(Status.UNAVAILABLE.withDescription("connection lost").asException()));

		StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
				() -> call.apply(this.client.client(), null));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(this.server.attempts(method)).hasSize(1);
		assertThat(this.client.outcomes.last().attempts()).isEqualTo(1);
	}

	@Test
	void aRefusedTransitionCarriesItsReason() {
		this.server.script(fail(ServiceAnswers.invalidStatusTransition(ID)));

		StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
				() -> this.client.client().deactivate(ID, null));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThat(errorInfo(failure).getReason()).isEqualTo("INVALID_STATUS_TRANSITION");
	}

	@Test
	void getSendsShowDeletedOnlyWhenAsked() {
		this.client.client().get(ID);
		this.client.client().get(ID, true);

		assertThat(this.server.attempts("GetUser"))
			.extracting((attempt) -> ((GetUserRequest) attempt.request()).getShowDeleted())
			.containsExactly(false, true);
	}

	@Test
	void listSendsTheOptionsAndTheOldSignatureKeepsItsMeaning() {
		try (Stream<User> listed = this.client.client().list("tag = \"x\"", 10)) {
			assertThat(listed).extracting(User::getId).containsExactly("listed");
		}
		try (Stream<User> listed = this.client.client()
			.list(UsersClient.ListOptions.DEFAULT.withOrderBy("name desc").withShowDeleted(true))) {
			assertThat(listed).hasSize(1);
		}

		assertThat(this.server.attempts("ListUsers")).extracting((attempt) -> {
			ListUsersRequest request = (ListUsersRequest) attempt.request();
			return List.of(request.getFilter(), request.getPageSize(), request.getOrderBy(), request.getShowDeleted());
		}).containsExactly(List.of("tag = \"x\"", 10, "", false), List.of("", 100, "name desc", true));
	}

	@Test
	void createSendsAnnotationsAndExternalIdWithTheGeneratedRequestId() {
		this.client.client()
			.create(CreateUserRequest.newBuilder()
				.setEmail("ada@example.com")
				.setName("Ada")
				.putAnnotations("example.com/team", "ops")
				.setExternalId("hr-1")
				.build());

		CreateUserRequest sent = (CreateUserRequest) this.server.attempts("CreateUser").get(0).request();
		assertThat(sent.getAnnotationsMap())
			.containsExactly(org.assertj.core.api.Assertions.entry("example.com/team", "ops"));
		assertThat(sent.getExternalId()).isEqualTo("hr-1");
		assertThat(sent.getRequestId()).isNotEmpty();
	}

	private static List<String> idAndEtag(Object request) {
		if (request instanceof UndeleteUserRequest undelete) {
			return List.of(undelete.getId(), undelete.getEtag());
		}
		if (request instanceof DeactivateUserRequest deactivate) {
			return List.of(deactivate.getId(), deactivate.getEtag());
		}
		ReactivateUserRequest reactivate = (ReactivateUserRequest) request;
		return List.of(reactivate.getId(), reactivate.getEtag());
	}

	static ErrorInfo errorInfo(StatusRuntimeException failure) {
		return StatusProto.fromThrowable(failure)
			.getDetailsList()
			.stream()
			.filter((detail) -> detail.is(ErrorInfo.class))
			.map((detail) -> {
				try {
					return detail.unpack(ErrorInfo.class);
				}
				catch (com.google.protobuf.InvalidProtocolBufferException ex) {
					throw new AssertionError(ex);
				}
			})
			.findFirst()
			.orElseThrow(() -> new AssertionError("no ErrorInfo in " + failure));
	}

}

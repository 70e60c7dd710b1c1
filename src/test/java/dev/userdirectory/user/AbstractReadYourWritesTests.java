package dev.userdirectory.user;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.streaming.FeedTail;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import io.grpc.Status.Code;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static dev.userdirectory.support.GrpcErrors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller reads its own writes on the replica it wrote through, although GetUser answers
 * from a cache: with the change-feed follower stopped, only the eviction at commit can
 * make these pass.
 */
abstract class AbstractReadYourWritesTests extends AbstractGrpcIntegrationTests {

	@Autowired
	@Qualifier("changeFeedTail")
	private FeedTail<?> changeFeedTail;

	@BeforeEach
	void stopFollowingTheChangeFeed() {
		this.changeFeedTail.stop();
	}

	/**
	 * The context is shared with other tests, which need the follower (and a dirtied
	 * context would close the in-memory database they share).
	 */
	@AfterEach
	void followTheChangeFeedAgain() {
		this.changeFeedTail.start();
	}

	private User create() {
		return this.users.createUser(AbstractUserApiTests.validCreate().build()).getUser();
	}

	private User get(String id) {
		return this.users.getUser(GetUserRequest.newBuilder().setId(id).build()).getUser();
	}

	@Test
	void getUserAnswersTheNewVersionRightAfterAnUpdateEvenWhenTheOldOneWasRead() {
		User user = create();
		assertThat(get(user.getId())).isEqualTo(user);

		User updated = this.users
			.updateUser(UpdateUserRequest.newBuilder()
				.setUser(user.toBuilder().setName("Countess"))
				.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
				.build())
			.getUser();

		assertThat(get(user.getId())).isEqualTo(updated);
	}

	@Test
	void getUserAnswersNotFoundRightAfterADeleteEvenWhenTheUserWasRead() {
		User user = create();
		assertThat(get(user.getId())).isEqualTo(user);

		this.users.deleteUser(DeleteUserRequest.newBuilder().setId(user.getId()).build());

		assertFails(Code.NOT_FOUND, () -> get(user.getId()));
	}

}

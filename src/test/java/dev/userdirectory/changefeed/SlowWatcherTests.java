package dev.userdirectory.changefeed;

import java.util.ArrayList;
import java.util.List;

import dev.userdirectory.api.v1.Profile;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesRequest;
import dev.userdirectory.api.v1.WatchUserChangesResponse;
import dev.userdirectory.support.OnH2;
import dev.userdirectory.support.StreamRecorder;
import com.google.protobuf.FieldMask;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watcher that stops reading holds nobody else back, and when it reads again it gets
 * every change, in order, from the table (the in-memory ring is made tiny here to force
 * that path).
 */
@OnH2
@TestPropertySource(properties = "users.change-feed.ring-size=16")
class SlowWatcherTests extends AbstractWatchUserChangesTests {

	@Test
	void aStalledWatcherCatchesUpFromTheTableWithoutGapsWhileOthersStayLive() throws Exception {
		double before = this.meters.get("users.watch.active").gauge().value();
		StreamRecorder<WatchUserChangesRequest, WatchUserChangesResponse> stalled = new StreamRecorder<>(1);
		watchInto("", stalled);
		await().atMost(WAIT).until(() -> this.meters.get("users.watch.active").gauge().value() >= before + 1);
		var live = watchFromNow();

		User user = create("Slow");
		String bio = "x".repeat(3000);
		int changes = 300;
		for (int i = 1; i < changes; i++) {
			this.users.updateUser(UpdateUserRequest.newBuilder()
				.setUser(User.newBuilder().setId(user.getId()).setProfile(Profile.newBuilder().setBio(bio + i)))
				.setUpdateMask(FieldMask.newBuilder().addPaths("profile.bio"))
				.build());
		}

		List<WatchUserChangesResponse> everything = live.take(changes, WAIT);
		List<WatchUserChangesResponse> slow = new ArrayList<>(stalled.take(1, WAIT));
		assertThat(stalled.drain()).as("nothing beyond what it asked for").isEmpty();

		stalled.request(Integer.MAX_VALUE);
		slow.addAll(stalled.take(changes - 1, WAIT));

		assertThat(slow).containsExactlyElementsOf(everything);
		live.cancel();
		stalled.cancel();
	}

}

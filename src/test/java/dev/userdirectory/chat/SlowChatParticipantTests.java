package dev.userdirectory.chat;

import java.util.List;

import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.support.OnH2;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A participant that stops reading is dropped; the room goes on at full speed without it.
 */
@OnH2
@TestPropertySource(properties = "users.chat.max-lag=50")
class SlowChatParticipantTests extends AbstractChatTests {

	@Test
	void aParticipantThatStopsReadingIsDroppedWithResourceExhausted() throws Exception {
		// A fixed 64 KiB window (no auto-tuning): what the client does not read soon
		// stops the sender.
		ManagedChannel smallWindow = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort)
			.usePlaintext()
			.flowControlWindow(64 * 1024)
			.build();
		Participant stalled = join(smallWindow, "sleepy", this.room, 0);
		Participant talker = join("talker", this.room);

		String content = "m".repeat(3000);
		for (int i = 0; i < 200; i++) {
			talker.post(this.room, content + i);
		}

		List<ChatResponse> heard = talker.received().take(200, WAIT);
		assertThat(heard.get(199).getMessage().getContent()).isEqualTo(content + 199);
		// The client sees the end after the few messages its transport had already
		// buffered.
		stalled.received().request(Integer.MAX_VALUE);
		await().atMost(WAIT).until(() -> stalled.received().closedWith() != null);
		assertThat(stalled.received().drain().size()).isLessThan(200);
		assertThat(stalled.received().closedWith().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		talker.send().onCompleted();
		smallWindow.shutdownNow();
	}

}

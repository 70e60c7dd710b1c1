package dev.userdirectory.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.ChatMessage;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import dev.userdirectory.support.StreamRecorder;
import dev.userdirectory.support.TestJwtIssuer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Chat over the wire: rooms, delivery to every participant, identity from the token. */
abstract class AbstractChatTests extends AbstractGrpcIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(15);

	@Autowired
	MeterRegistry meters;

	final String room = "room-" + UUID.randomUUID().toString().substring(0, 8);

	/** A participant's two halves: what it sends, and a recorder of what it receives. */
	record Participant(StreamObserver<ChatRequest> send, StreamRecorder<ChatRequest, ChatResponse> received) {

		void post(String room, String content) {
			this.send.onNext(ChatRequest.newBuilder().setRoom(room).setContent(content).build());
		}

	}

	/**
	 * Joining is confirmed by the participants gauge rising by one, so streams that an
	 * earlier test closed must be gone first: were they still leaving while someone
	 * joins, the gauge would fall instead and the join would never be seen.
	 */
	@BeforeEach
	void earlierParticipantsHaveLeft() {
		await().alias("participants left over from earlier tests have left")
			.atMost(WAIT)
			.until(() -> participants() == 0);
	}

	Participant join(String subject, String room, int initialRequest) {
		return join(this.channel, subject, room, initialRequest);
	}

	Participant join(io.grpc.Channel channel, String subject, String room, int initialRequest) {
		double before = participants();
		StreamRecorder<ChatRequest, ChatResponse> recorder = new StreamRecorder<>(initialRequest);
		StreamObserver<ChatRequest> send = UserServiceGrpc.newStub(channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.token().subject(subject).sign()))
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.chat(recorder);
		send.onNext(ChatRequest.newBuilder().setRoom(room).build());
		await().atMost(WAIT).until(() -> participants() >= before + 1);
		return new Participant(send, recorder);
	}

	Participant join(String subject, String room) {
		return join(subject, room, -1);
	}

	double participants() {
		return this.meters.get("users.chat.participants").gauge().value();
	}

	@Test
	void everyParticipantOfTheRoomGetsEachMessageWithTheSendersIdentity() throws Exception {
		Participant alice = join("alice", this.room);
		Participant bob = join("bob", this.room);
		Participant elsewhere = join("carol", this.room + "-other");

		alice.post(this.room, "hello");
		bob.post(this.room, "hi alice");

		List<ChatMessage> seenByAlice = alice.received().take(2, WAIT).stream().map(ChatResponse::getMessage).toList();
		List<ChatMessage> seenByBob = bob.received().take(2, WAIT).stream().map(ChatResponse::getMessage).toList();
		assertThat(seenByBob).as("one order for everyone in the room").isEqualTo(seenByAlice);
		for (List<ChatMessage> messages : List.of(seenByAlice, seenByBob)) {
			assertThat(messages).extracting(ChatMessage::getContent).containsExactlyInAnyOrder("hello", "hi alice");
			assertThat(messages).filteredOn((m) -> m.getContent().equals("hello"))
				.extracting(ChatMessage::getUserId)
				.containsExactly("alice");
			assertThat(messages).filteredOn((m) -> m.getContent().equals("hi alice"))
				.extracting(ChatMessage::getUserId)
				.containsExactly("bob");
			assertThat(messages).allSatisfy((m) -> {
				assertThat(m.getRoom()).isEqualTo(this.room);
				assertThat(UUID.fromString(m.getId())).isNotNull();
				assertThat(m.getTimestamp().getSeconds()).isPositive();
			});
		}
		Thread.sleep(300);
		assertThat(elsewhere.received().drain()).isEmpty();
		assertThat(
				this.jdbc.queryForObject("select count(*) from chat_messages where room = ?", Integer.class, this.room))
			.isEqualTo(2);
		for (Participant participant : List.of(alice, bob, elsewhere)) {
			participant.send().onCompleted();
		}
	}

	@Test
	void messagesPostedAtOnceByManyParticipantsAllArriveInOneOrderThatKeepsEachSendersOrder() throws Exception {
		int senders = 20;
		int each = 25;
		List<Participant> participants = new ArrayList<>();
		for (int i = 0; i < senders; i++) {
			participants.add(join("sender-" + i, this.room));
		}
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> posting = new ArrayList<>();
		for (int i = 0; i < senders; i++) {
			Participant sender = participants.get(i);
			String name = "sender-" + i;
			Thread thread = new Thread(() -> {
				try {
					go.await();
				}
				catch (InterruptedException interrupted) {
					return;
				}
				for (int n = 0; n < each; n++) {
					sender.post(this.room, name + ":" + n);
				}
			});
			thread.start();
			posting.add(thread);
		}
		go.countDown();
		for (Thread thread : posting) {
			thread.join();
		}

		List<String> firstView = null;
		for (Participant participant : participants) {
			List<String> seen = participant.received()
				.take(senders * each, WAIT)
				.stream()
				.map((response) -> response.getMessage().getUserId() + "/" + response.getMessage().getContent())
				.toList();
			if (firstView == null) {
				firstView = seen;
			}
			assertThat(seen).as("one order for everyone in the room").isEqualTo(firstView);
		}
		for (int i = 0; i < senders; i++) {
			String name = "sender-" + i;
			List<String> own = new ArrayList<>();
			for (int n = 0; n < each; n++) {
				own.add(name + "/" + name + ":" + n);
			}
			assertThat(firstView).as("%s's messages, in the order sent", name)
				.filteredOn((message) -> message.startsWith(name + "/"))
				.containsExactlyElementsOf(own);
		}
		assertThat(
				this.jdbc.queryForObject("select count(*) from chat_messages where room = ?", Integer.class, this.room))
			.isEqualTo(senders * each);
		participants.forEach((participant) -> participant.send().onCompleted());
	}

	@Test
	void refusesAMissingRoomOrOverlongContent() throws Exception {
		Participant participant = join("dave", this.room);
		participant.post(this.room, "x".repeat(4001));
		await().atMost(WAIT).until(() -> participant.received().closedWith() != null);
		assertThat(participant.received().closedWith().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

		StreamRecorder<ChatRequest, ChatResponse> noRoom = new StreamRecorder<>();
		UserServiceGrpc.newStub(this.channel)
			.withInterceptors(BearerToken.of(TestJwtIssuer.validToken()))
			.chat(noRoom)
			.onNext(ChatRequest.newBuilder().setContent("where am I").build());
		await().atMost(WAIT).until(() -> noRoom.closedWith() != null);
		assertThat(noRoom.closedWith().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@Test
	void leavingReleasesTheParticipant() throws Exception {
		double before = participants();
		Participant participant = join("erin", this.room);
		participant.received().cancel();
		await().atMost(WAIT).until(() -> participants() == before);
	}

}

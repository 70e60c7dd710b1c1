package dev.userdirectory.replicas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import dev.userdirectory.api.v1.ChatMessage;
import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.support.StreamRecorder;
import io.grpc.stub.StreamObserver;

/** One Chat stream in a room, on one replica, as the token subject {@code subject}. */
final class ChatParticipant {

	private final String name;

	private final String room;

	private final StreamRecorder<ChatRequest, ChatResponse> received;

	private final StreamObserver<ChatRequest> send;

	private ChatParticipant(String name, String room, StreamRecorder<ChatRequest, ChatResponse> received,
			StreamObserver<ChatRequest> send) {
		this.name = name;
		this.room = room;
		this.received = received;
		this.send = send;
	}

	/**
	 * Joins {@code room} and returns once the replica has the participant in it: a join
	 * is not answered, but a message posted after it comes back only to a stream that has
	 * joined.
	 */
	static ChatParticipant join(Replica replica, String subject, String room, Duration wait)
			throws InterruptedException {
		var received = new StreamRecorder<ChatRequest, ChatResponse>();
		StreamObserver<ChatRequest> send = replica.streams(subject).chat(received);
		ChatParticipant participant = new ChatParticipant(subject + " on " + replica, room, received, send);
		send.onNext(ChatRequest.newBuilder().setRoom(room).build());
		String joined = "joined " + UUID.randomUUID();
		participant.post(joined);
		participant.awaitMessages(List.of(joined), wait);
		return participant;
	}

	void post(String content) {
		this.send.onNext(ChatRequest.newBuilder().setRoom(this.room).setContent(content).build());
	}

	/**
	 * The messages with these contents, in the order they arrived, once all came or
	 * {@code wait} is over.
	 */
	List<ChatMessage> awaitMessages(Collection<String> contents, Duration wait) throws InterruptedException {
		List<ChatMessage> found = new ArrayList<>();
		long deadline = System.nanoTime() + wait.toNanos();
		while (found.size() < contents.size() && System.nanoTime() < deadline) {
			try {
				ChatMessage message = this.received.take(1, Duration.ofNanos(deadline - System.nanoTime()))
					.get(0)
					.getMessage();
				if (contents.contains(message.getContent())) {
					found.add(message);
				}
			}
			catch (AssertionError nothingMoreInTime) {
				break;
			}
		}
		return found;
	}

	void leave() {
		this.send.onCompleted();
	}

	@Override
	public String toString() {
		return this.name;
	}

}

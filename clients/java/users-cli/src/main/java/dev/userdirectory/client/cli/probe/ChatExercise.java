package dev.userdirectory.client.cli.probe;

import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;

/**
 * Chat: join the worker's room (named after the run tag), post a message, read until it
 * comes back, half-close, and wait for the service to end the stream. Chat messages
 * cannot be deleted through the API; they stay in the run's rooms.
 */
final class ChatExercise extends Exercise {

	ChatExercise(ProbeContext probe) {
		super(probe);
	}

	@Override
	void start(int worker, Sample sample) {
		String room = this.probe.runTag + "-room-" + worker;
		String content = "probe message " + this.probe.next();
		SampleCall<ChatRequest, ChatResponse> chat = new SampleCall<>(sample) {

			private boolean received;

			@Override
			protected void next(ChatResponse response) {
				if (!this.received && response.getMessage().getRoom().equals(room)
						&& response.getMessage().getContent().equals(content)) {
					this.received = true;
					halfClose();
				}
			}

			@Override
			protected void completed() {
				if (this.received) {
					this.sample.succeed();
				}
				else {
					this.sample.badResponse("the stream ended before the message came back");
				}
			}
		};
		this.probe.async().chat(chat);
		chat.send(ChatRequest.newBuilder().setRoom(room).build());
		chat.send(ChatRequest.newBuilder().setRoom(room).setContent(content).build());
	}

}

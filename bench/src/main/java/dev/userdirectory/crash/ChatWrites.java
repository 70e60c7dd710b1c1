package dev.userdirectory.crash;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.userdirectory.api.v1.ChatRequest;
import dev.userdirectory.api.v1.ChatResponse;
import dev.userdirectory.api.v1.User;
import io.grpc.stub.StreamObserver;

/**
 * Posts to one room while a second participant listens: every message the listener
 * received was delivered, so it must still be stored after the kill. There is no API to
 * read a room's history, so the drill checks the stored messages in the database once the
 * service is stopped.
 */
final class ChatWrites implements Workload {

	private final String room = "crash-" + UUID.randomUUID();

	private final Set<String> delivered = ConcurrentHashMap.newKeySet();

	@Override
	public String name() {
		return "Chat";
	}

	@Override
	public void run(Clients clients) {
		CountDownLatch ended = new CountDownLatch(1);
		StreamObserver<ChatRequest> listener = clients.async().chat(new StreamObserver<>() {
			@Override
			public void onNext(ChatResponse value) {
				ChatWrites.this.delivered.add(value.getMessage().getId());
			}

			@Override
			public void onError(Throwable t) {
				ended.countDown();
			}

			@Override
			public void onCompleted() {
				ended.countDown();
			}
		});
		listener.onNext(ChatRequest.newBuilder().setRoom(this.room).build());
		StreamObserver<ChatRequest> poster = clients.async().chat(new StreamObserver<>() {
			@Override
			public void onNext(ChatResponse value) {
			}

			@Override
			public void onError(Throwable t) {
				ended.countDown();
			}

			@Override
			public void onCompleted() {
			}
		});
		try {
			for (int n = 0; ended.getCount() > 0; n++) {
				poster.onNext(ChatRequest.newBuilder().setRoom(this.room).setContent("message " + n).build());
				ended.await(5, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException streamClosed) {
			// The kill.
		}
	}

	@Override
	public int acknowledged() {
		return this.delivered.size();
	}

	@Override
	public void verify(Clients clients, Map<String, User> usersByEmail, Verdicts verdicts) {
		// Checked in the database after the service stops: see CrashDrill.
	}

	String room() {
		return this.room;
	}

	Set<String> delivered() {
		return Set.copyOf(this.delivered);
	}

}

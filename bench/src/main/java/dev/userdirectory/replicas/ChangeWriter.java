package dev.userdirectory.replicas;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.FieldMask;
import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.CreateUserRequest;
import dev.userdirectory.api.v1.DeleteUserRequest;
import dev.userdirectory.api.v1.UpdateUserRequest;
import dev.userdirectory.api.v1.User;
import io.grpc.StatusRuntimeException;

/**
 * Writes through one replica until stopped: create, update, delete, over and over, and
 * keeps each change the replica acknowledged, in order. Writes carry the etag they read,
 * so every change is told apart by its etag, and a delete's is the one its event will
 * carry.
 */
final class ChangeWriter implements Runnable {

	private final Replica replica;

	private final String tag;

	private final List<Change> acknowledged = new ArrayList<>();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicReference<StatusRuntimeException> firstFailure = new AtomicReference<>();

	private volatile boolean running = true;

	ChangeWriter(Replica replica, String tag) {
		this.replica = replica;
		this.tag = tag;
	}

	@Override
	public void run() {
		String subject = "writer-" + this.replica;
		while (this.running) {
			try {
				User created = this.replica.users(subject)
					.createUser(CreateUserRequest.newBuilder()
						.setEmail(this.tag + "-" + UUID.randomUUID() + "@example.com")
						.setName("Written through " + this.replica)
						.addTags(this.tag)
						.build())
					.getUser();
				acknowledge(Change.of(ChangeType.CHANGE_TYPE_CREATED, created));
				User updated = this.replica.users(subject)
					.updateUser(UpdateUserRequest.newBuilder()
						.setUser(User.newBuilder().setId(created.getId()).setName("Renamed").setEtag(created.getEtag()))
						.setUpdateMask(FieldMask.newBuilder().addPaths("name"))
						.build())
					.getUser();
				acknowledge(Change.of(ChangeType.CHANGE_TYPE_UPDATED, updated));
				this.replica.users(subject)
					.deleteUser(
							DeleteUserRequest.newBuilder().setId(updated.getId()).setEtag(updated.getEtag()).build());
				acknowledge(Change.of(ChangeType.CHANGE_TYPE_DELETED, updated));
			}
			catch (StatusRuntimeException failure) {
				this.failures.incrementAndGet();
				this.firstFailure.compareAndSet(null, failure);
				backOff();
			}
		}
	}

	/**
	 * As a client would, and so that a replica that fails every call is not hammered in a
	 * tight loop.
	 */
	private static void backOff() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	void stop() {
		this.running = false;
	}

	private synchronized void acknowledge(Change change) {
		this.acknowledged.add(change);
	}

	synchronized List<Change> acknowledged() {
		return List.copyOf(this.acknowledged);
	}

	synchronized int acknowledgedCount() {
		return this.acknowledged.size();
	}

	int failures() {
		return this.failures.get();
	}

	StatusRuntimeException firstFailure() {
		return this.firstFailure.get();
	}

	Replica replica() {
		return this.replica;
	}

}

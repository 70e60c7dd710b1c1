package dev.userdirectory.chat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import dev.userdirectory.support.AbstractGrpcIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Posts that arrive while another commits are stored together in one transaction; a
 * message the database refuses must fail only its own post, not the others of its group.
 */
abstract class AbstractChatPostGroupsTests extends AbstractGrpcIntegrationTests {

	private static final String STORED = "stored";

	@Autowired
	ChatStore store;

	@Autowired
	DataSource dataSource;

	final String room = "room-" + UUID.randomUUID().toString().substring(0, 8);

	final Map<String, Object> outcomes = new ConcurrentHashMap<>();

	@Test
	void aMessageTheDatabaseRefusesFailsAloneAndTheRestOfItsGroupIsStored() throws Exception {
		List<Thread> queued = new ArrayList<>();
		Thread first;
		try (Connection other = this.dataSource.getConnection()) {
			// Another replica's post holds the feed's row lock: the first post here waits
			// for it
			// while holding this replica's write lock, so the next three queue up behind
			// it.
			other.setAutoCommit(false);
			try (Statement lock = other.createStatement()) {
				lock.executeQuery("select id from chat_feed_state where id = 1 for update").close();
			}
			first = post("first", "alice");
			Thread.sleep(200);
			queued.add(queuedPost("second", "bob"));
			// Longer than the user_id column holds (510): the database refuses this row.
			queued.add(queuedPost("refused", "x".repeat(600)));
			queued.add(queuedPost("third", "carol"));
			other.rollback();
		}
		first.join();
		for (Thread thread : queued) {
			thread.join();
		}

		assertThat(this.outcomes).containsEntry("first", STORED)
			.containsEntry("second", STORED)
			.containsEntry("third", STORED);
		assertThat(this.outcomes.get("refused")).isInstanceOf(DataIntegrityViolationException.class);
		assertThat(this.jdbc.queryForList("select content from chat_messages where room = ? order by seq", String.class,
				this.room))
			.containsExactly("first", "second", "third");
	}

	/**
	 * A post started once the one before it waits for the write lock, so they queue in
	 * this order.
	 */
	private Thread queuedPost(String content, String userId) {
		Thread thread = post(content, userId);
		await().until(() -> thread.getState() == Thread.State.WAITING);
		return thread;
	}

	private Thread post(String content, String userId) {
		Thread thread = new Thread(() -> {
			try {
				this.store.post(this.room, userId, content);
				this.outcomes.put(content, STORED);
			}
			catch (RuntimeException failure) {
				this.outcomes.put(content, failure);
			}
		});
		thread.start();
		return thread;
	}

}

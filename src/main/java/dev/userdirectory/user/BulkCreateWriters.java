package dev.userdirectory.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.userdirectory.changefeed.ChangeFeed;
import dev.userdirectory.changefeed.ChangeType;
import dev.userdirectory.error.ApiException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens the write sessions of CreateUsers streams and owns the threads that write them
 * while they arrive: at most {@code users.bulk.writers} at once, because each holds a
 * database connection and an open transaction for as long as its stream lasts.
 */
@Component
class BulkCreateWriters implements DisposableBean {

	private final UserRepository users;

	private final UserBatchWriter batchWriter;

	private final ChangeFeed changeFeed;

	private final UserMapper mapper;

	private final TableStatistics statistics;

	private final TransactionTemplate transactions;

	private final TransactionTemplate readOnlyTransactions;

	private final Clock clock;

	private final BulkCreateProperties properties;

	private final ThreadPoolExecutor threads;

	BulkCreateWriters(UserRepository users, UserBatchWriter batchWriter, ChangeFeed changeFeed, UserMapper mapper,
			TableStatistics statistics, PlatformTransactionManager transactionManager, Clock clock,
			BulkCreateProperties properties) {
		this.users = users;
		this.batchWriter = batchWriter;
		this.changeFeed = changeFeed;
		this.mapper = mapper;
		this.statistics = statistics;
		this.transactions = new TransactionTemplate(transactionManager);
		this.readOnlyTransactions = new TransactionTemplate(transactionManager);
		this.readOnlyTransactions.setReadOnly(true);
		this.clock = clock;
		this.properties = properties;
		AtomicInteger threadNumber = new AtomicInteger();
		// No queue: a stream that finds every writer busy is written when it ends, by its
		// own call.
		this.threads = new ThreadPoolExecutor(0, Math.max(1, properties.writers()), 30, TimeUnit.SECONDS,
				new SynchronousQueue<>(), (task) -> {
					Thread thread = new Thread(task, "bulk-create-" + threadNumber.getAndIncrement());
					thread.setDaemon(true);
					return thread;
				});
	}

	BulkCreateSession open(String actor) {
		return new BulkCreateSession(this, this.clock, actor);
	}

	int chunkSize() {
		return this.properties.chunkSize();
	}

	int maxResponseUsers() {
		return this.properties.maxResponseUsers();
	}

	Duration maxIdle() {
		return this.properties.maxIdle();
	}

	/** Runs {@code writes} on a writer thread if one is free. */
	boolean tryStart(Runnable writes) {
		if (this.properties.writers() == 0) {
			return false;
		}
		try {
			this.threads.execute(writes);
			return true;
		}
		catch (RejectedExecutionException allBusy) {
			return false;
		}
	}

	<T> T inTransaction(Function<TransactionStatus, T> writes) {
		return this.transactions.execute(writes::apply);
	}

	void insert(List<UserEntity> chunk) {
		this.batchWriter.insert(chunk);
	}

	ChangeFeed.Change created(UserEntity user, Instant at) {
		return new ChangeFeed.Change(ChangeType.CREATED, user.getId(), this.mapper.toProto(user).toByteArray(), at);
	}

	void recordChanges(List<ChangeFeed.Change> changes) {
		this.changeFeed.recordAll(changes);
	}

	void afterCommit(BulkCreateSession.Created created) {
		this.statistics.afterBulkInsert(created.count());
	}

	/**
	 * The error to answer for a failed write: a unique index that refused an email,
	 * request id or external id is traced back to the first item carrying one that is
	 * taken; other failures stay as they are.
	 */
	Throwable explain(Throwable failure, BulkCreate batch) {
		if (!(failure instanceof DataIntegrityViolationException)) {
			return failure;
		}
		Optional<ApiException> conflict = this.readOnlyTransactions.execute((tx) -> {
			Map<BulkCreate.UniqueKey, List<String>> taken = new EnumMap<>(BulkCreate.UniqueKey.class);
			taken.put(BulkCreate.UniqueKey.EMAIL,
					taken(batch.values(BulkCreate.UniqueKey.EMAIL), this.users::findExistingEmails));
			taken.put(BulkCreate.UniqueKey.REQUEST_ID,
					taken(batch.values(BulkCreate.UniqueKey.REQUEST_ID), this.users::findExistingRequestIds));
			taken.put(BulkCreate.UniqueKey.EXTERNAL_ID,
					taken(batch.values(BulkCreate.UniqueKey.EXTERNAL_ID), this.users::findExistingExternalIds));
			return batch.firstConflict(taken);
		});
		return conflict.<Throwable>map((named) -> named).orElse(failure);
	}

	/**
	 * Looked up in IN lists of at most 1000: what every database accepts as bind
	 * parameters.
	 */
	private static List<String> taken(Collection<String> keys, Function<List<String>, List<String>> lookup) {
		List<String> all = new ArrayList<>(keys);
		List<String> taken = new ArrayList<>();
		for (int start = 0; start < all.size(); start += 1000) {
			taken.addAll(lookup.apply(all.subList(start, Math.min(all.size(), start + 1000))));
		}
		return taken;
	}

	@Override
	public void destroy() {
		// Interrupts writers still waiting for items: their transactions roll back.
		this.threads.shutdownNow();
	}

}

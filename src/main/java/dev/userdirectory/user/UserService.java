package dev.userdirectory.user;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.userdirectory.api.v1.User;
import dev.userdirectory.changefeed.ChangeFeed;
import dev.userdirectory.changefeed.ChangeType;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.validation.ProtoValidator;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rules of the user directory: uniqueness, idempotent creates, conditional writes.
 * Every write commits together with its change-feed entry, or not at all.
 */
@Service
public class UserService {

	/** A write chosen as a deadlock victim is tried this many times in all. */
	private static final int MAX_ATTEMPTS = 3;

	private final UserRepository users;

	private final ChangeFeed changeFeed;

	private final UserMapper mapper;

	private final ProtoValidator validator;

	private final TransactionTemplate transactions;

	private final TransactionTemplate readOnlyTransactions;

	private final Clock clock;

	private final UserReadCache readCache;

	private final UserBatchReader batchReader;

	private final DeletionProperties deletion;

	UserService(UserRepository users, ChangeFeed changeFeed, UserMapper mapper, ProtoValidator validator,
			PlatformTransactionManager transactionManager, Clock clock, UserReadCache readCache,
			UserBatchReader batchReader, DeletionProperties deletion) {
		this.readCache = readCache;
		this.batchReader = batchReader;
		this.deletion = deletion;
		this.users = users;
		this.changeFeed = changeFeed;
		this.mapper = mapper;
		this.validator = validator;
		this.transactions = new TransactionTemplate(transactionManager);
		this.readOnlyTransactions = new TransactionTemplate(transactionManager);
		this.readOnlyTransactions.setReadOnly(true);
		this.clock = clock;
	}

	/**
	 * A user as GetUser answers it, from this replica's cache when it has not changed
	 * since; a soft-deleted user only when {@code showDeleted}.
	 */
	public User read(UUID id, boolean showDeleted) {
		User user = this.readCache.get(id, (key) -> this.mapper.toProto(find(key)));
		if (user.hasDeleteTime() && !showDeleted) {
			throw ApiException.userNotFound(id.toString());
		}
		return user;
	}

	/** Users that are not deleted, in the order of {@code ids}, or NOT_FOUND for all. */
	public List<User> readAll(List<UUID> ids) {
		// Each stored user is mapped once, however often its id is repeated: the mapping
		// hashes the etag.
		Map<UUID, User> found = new HashMap<>();
		for (UserEntity user : this.readOnlyTransactions.execute((tx) -> this.batchReader.read(Set.copyOf(ids)))) {
			if (!user.isDeleted()) {
				found.put(user.getId(), this.mapper.toProto(user));
			}
		}
		List<User> users = new ArrayList<>(ids.size());
		for (UUID id : ids) {
			User user = found.get(id);
			if (user == null) {
				throw ApiException.batchUserNotFound(id.toString());
			}
			users.add(user);
		}
		return users;
	}

	/** Any stored user, soft-deleted ones too. */
	private UserEntity find(UUID id) {
		return this.readOnlyTransactions.execute((tx) -> this.users.findById(id))
			.orElseThrow(() -> ApiException.userNotFound(id.toString()));
	}

	/**
	 * Creates a user on behalf of {@code actor} (a token subject), or with a
	 * {@code requestId} seen before returns the user that request created. The database's
	 * unique indexes decide races the read-before-write checks cannot.
	 */
	public CreatedUser create(NewUser newUser, String requestId, String actor) {
		Optional<String> idempotencyKey = Optional.of(requestId).filter((key) -> !key.isEmpty());
		try {
			return this.transactions.execute((tx) -> {
				Optional<UserEntity> earlier = idempotencyKey.flatMap(this.users::findByCreateRequestId);
				if (earlier.isPresent()) {
					return new CreatedUser(earlier.get(), false);
				}
				if (!newUser.externalId().isEmpty() && this.users.existsByExternalId(newUser.externalId())) {
					earlier = idempotencyKey.flatMap(this.users::findByCreateRequestId);
					if (earlier.isPresent()) {
						return new CreatedUser(earlier.get(), false);
					}
					throw ApiException.externalIdTaken();
				}
				if (this.users.existsByEmail(newUser.email())) {
					// A retry of this very request may have committed since the lookup
					// above.
					earlier = idempotencyKey.flatMap(this.users::findByCreateRequestId);
					if (earlier.isPresent()) {
						return new CreatedUser(earlier.get(), false);
					}
					throw ApiException.emailAlreadyExists();
				}
				UserEntity user = new UserEntity(UUID.randomUUID(), newUser, idempotencyKey.orElse(null), actor,
						this.clock.instant());
				this.users.saveAndFlush(user);
				record(ChangeType.CREATED, user);
				return new CreatedUser(user, true);
			});
		}
		catch (DataIntegrityViolationException lostRace) {
			Optional<UserEntity> winner = idempotencyKey
				.flatMap((key) -> this.readOnlyTransactions.execute((tx) -> this.users.findByCreateRequestId(key)));
			if (winner.isPresent()) {
				return new CreatedUser(winner.get(), false);
			}
			if (Boolean.TRUE
				.equals(this.readOnlyTransactions.execute((tx) -> this.users.existsByEmail(newUser.email())))) {
				throw ApiException.emailAlreadyExists();
			}
			if (!newUser.externalId().isEmpty() && Boolean.TRUE.equals(
					this.readOnlyTransactions.execute((tx) -> this.users.existsByExternalId(newUser.externalId())))) {
				throw ApiException.externalIdTaken();
			}
			throw lostRace;
		}
	}

	/**
	 * Applies {@code patch}; with an {@code expectedEtag} only if the user is still as
	 * the caller saw it. The result must satisfy every rule of a user, so an update can
	 * never store what a create would refuse.
	 */
	public UserEntity update(UUID id, String expectedEtag, UserPatch patch, String actor) {
		return writeWithRetry(id, expectedEtag, () -> this.transactions.execute((tx) -> {
			UserEntity user = loadForWrite(id, expectedEtag);
			String emailBefore = user.getEmail();
			String externalIdBefore = user.getExternalId();
			patch.applyTo(user);
			this.validator.validate(this.mapper.toProto(user), "user");
			if (!user.getEmail().equals(emailBefore) && this.users.existsByEmailAndIdNot(user.getEmail(), id)) {
				throw ApiException.emailAlreadyExists();
			}
			if (!user.getExternalId().equals(externalIdBefore) && !user.getExternalId().isEmpty()
					&& this.users.existsByExternalIdAndIdNot(user.getExternalId(), id)) {
				throw ApiException.externalIdTaken();
			}
			return save(user, ChangeType.UPDATED, actor);
		}));
	}

	/**
	 * Soft-deletes the user (AIP-164): it keeps its row, email and external id until
	 * {@link UserPurge} removes it when the retention has passed.
	 */
	public void delete(UUID id, String expectedEtag, String actor) {
		writeWithRetry(id, expectedEtag, () -> this.transactions.execute((tx) -> {
			UserEntity user = loadForWrite(id, expectedEtag);
			// The feed's DELETED event carries the user as it was, as it did when deletes
			// were hard: watchers match it to the etag they last saw.
			byte[] asItWas = this.mapper.toProto(user).toByteArray();
			Instant now = this.clock.instant();
			user.markDeleted(now, now.plus(this.deletion.retention()));
			user.touch(actor, now);
			this.users.saveAndFlush(user);
			this.changeFeed.record(new ChangeFeed.Change(ChangeType.DELETED, id, asItWas, now));
			return user;
		}));
	}

	public UserEntity undelete(UUID id, String expectedEtag, String actor) {
		return writeWithRetry(id, expectedEtag, () -> this.transactions.execute((tx) -> {
			UserEntity user = this.users.findForWriteById(id)
				.orElseThrow(() -> ApiException.userNotFound(id.toString()));
			if (!user.isDeleted()) {
				throw ApiException.userNotDeleted(id.toString());
			}
			checkEtag(user, expectedEtag);
			user.markUndeleted();
			return save(user, ChangeType.UNDELETED, actor);
		}));
	}

	/**
	 * DeactivateUser and ReactivateUser (AIP-136): moves the user to {@code target},
	 * which it must not have already.
	 */
	public UserEntity changeStatus(UUID id, String expectedEtag, UserEntity.Status target, String method,
			String actor) {
		return write(id, expectedEtag, ChangeType.UPDATED, actor, (user) -> {
			if (user.getStatus() == target) {
				throw ApiException.invalidStatusTransition(id.toString(), target.name(), method);
			}
			user.setStatus(target);
		});
	}

	/**
	 * A write to a user that is not deleted, under its row lock, recorded as
	 * {@code type}.
	 */
	private UserEntity write(UUID id, String expectedEtag, ChangeType type, String actor, Consumer<UserEntity> change) {
		return writeWithRetry(id, expectedEtag, () -> this.transactions.execute((tx) -> {
			UserEntity user = loadForWrite(id, expectedEtag);
			change.accept(user);
			return save(user, type, actor);
		}));
	}

	private UserEntity save(UserEntity user, ChangeType type, String actor) {
		user.touch(actor, this.clock.instant());
		// The user's row lock before the feed's, as in every other write: no lock-order
		// deadlocks.
		this.users.saveAndFlush(user);
		record(type, user);
		return user;
	}

	/**
	 * Reads the user under its row lock, so the etag compared here is the one the write
	 * replaces: of writers holding the same etag exactly one wins, and writers without
	 * one simply queue. A soft-deleted user is not there for writes.
	 */
	private UserEntity loadForWrite(UUID id, String expectedEtag) {
		UserEntity user = this.users.findForWriteById(id)
			.filter((found) -> !found.isDeleted())
			.orElseThrow(() -> ApiException.userNotFound(id.toString()));
		checkEtag(user, expectedEtag);
		return user;
	}

	private static void checkEtag(UserEntity user, String expectedEtag) {
		if (!expectedEtag.isEmpty() && !expectedEtag.equals(user.etag())) {
			throw ApiException.etagMismatch(user.getId().toString());
		}
	}

	/**
	 * Runs a write, trying again when the database chose it as a deadlock victim: that
	 * says nothing about the caller's request, so it must not become the caller's error.
	 */
	private UserEntity writeWithRetry(UUID id, String expectedEtag, Supplier<UserEntity> write) {
		for (int attempt = 1;; attempt++) {
			try {
				return write.get();
			}
			catch (OptimisticLockingFailureException lostRace) {
				// Only a writer that bypassed the row lock can get here.
				if (!expectedEtag.isEmpty()) {
					throw ApiException.etagMismatch(id.toString());
				}
				if (attempt == MAX_ATTEMPTS) {
					throw ApiException.concurrentModification(id.toString());
				}
			}
			catch (DeadlockLoserDataAccessException deadlockVictim) {
				if (attempt == MAX_ATTEMPTS) {
					throw deadlockVictim;
				}
			}
			catch (DataIntegrityViolationException lostRace) {
				// The unique values an update can change are the email and external id.
				throw isExternalIdClash(lostRace) ? ApiException.externalIdTaken() : ApiException.emailAlreadyExists();
			}
		}
	}

	private static boolean isExternalIdClash(DataIntegrityViolationException failure) {
		String message = String.valueOf(failure.getMostSpecificCause().getMessage());
		return message.toLowerCase(Locale.ROOT).contains("ux_users_external_id");
	}

	private void record(ChangeType type, UserEntity user) {
		this.changeFeed.record(new ChangeFeed.Change(type, user.getId(), this.mapper.toProto(user).toByteArray(),
				this.clock.instant()));
	}

	/**
	 * A user returned by create, and whether this call created it or an earlier one did.
	 */
	public record CreatedUser(UserEntity user, boolean created) {
	}

}

package dev.userdirectory.changefeed;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of the outbox that feeds WatchUserChanges: written in the transaction of the change it
 * describes, so it exists exactly when that change committed.
 */
@Entity
@Table(name = "user_changes")
public class UserChangeEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long seq;

	private UUID userId;

	@Enumerated(EnumType.STRING)
	private ChangeType changeType;

	/** The serialized {@code users.v1.User} after the change (for deletes, as it was). */
	private byte[] userSnapshot;

	private Instant changedAt;

	protected UserChangeEntity() {
	}

	UserChangeEntity(UUID userId, ChangeType changeType, byte[] userSnapshot, Instant changedAt) {
		this.userId = userId;
		this.changeType = changeType;
		this.userSnapshot = userSnapshot.clone();
		this.changedAt = changedAt;
	}

	public Long getSeq() {
		return this.seq;
	}

	public UUID getUserId() {
		return this.userId;
	}

	public ChangeType getChangeType() {
		return this.changeType;
	}

	public byte[] getUserSnapshot() {
		return this.userSnapshot.clone();
	}

	public Instant getChangedAt() {
		return this.changedAt;
	}

}

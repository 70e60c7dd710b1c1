package dev.userdirectory.changefeed;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Appends to the change feed; only ever inside the transaction that makes the change. */
@Component
public class ChangeFeed {

	private final UserChangeRepository changes;

	ChangeFeed(UserChangeRepository changes) {
		this.changes = changes;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void record(ChangeType type, UUID userId, byte[] userSnapshot, Instant changedAt) {
		this.changes.save(new UserChangeEntity(userId, type, userSnapshot, changedAt));
	}

}

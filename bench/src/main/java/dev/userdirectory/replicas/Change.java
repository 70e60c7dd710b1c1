package dev.userdirectory.replicas;

import dev.userdirectory.api.v1.ChangeType;
import dev.userdirectory.api.v1.User;
import dev.userdirectory.api.v1.WatchUserChangesResponse;

/**
 * One user change, as the writer had it acknowledged and as a watcher receives it: the
 * etag tells apart two changes of one user (a delete's event carries the user as it was,
 * so its etag is the one the delete was made on).
 */
record Change(ChangeType type, String userId, String etag) {

	static Change of(WatchUserChangesResponse event) {
		return new Change(event.getChangeType(), event.getUser().getId(), event.getUser().getEtag());
	}

	static Change of(ChangeType type, User user) {
		return new Change(type, user.getId(), user.getEtag());
	}

	@Override
	public String toString() {
		return this.type.name().substring("CHANGE_TYPE_".length()) + " " + this.userId + "@" + this.etag;
	}

}

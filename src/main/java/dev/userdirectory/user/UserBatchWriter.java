package dev.userdirectory.user;

import java.util.ArrayList;
import java.util.List;

import dev.userdirectory.bulkinsert.BulkInserter;
import dev.userdirectory.bulkinsert.BulkTable;

import org.springframework.stereotype.Component;

/**
 * Inserts many users in bulk: the one write path that bypasses JPA, because CreateUsers must insert
 * 100,000 rows in one transaction in seconds, which per-entity persists cannot. Ids are generated
 * by the application, so nothing needs a round-trip per row.
 */
@Component
class UserBatchWriter {

	private static final BulkTable USERS = new BulkTable("users", "id", "email", "name", "age", "status", "bio",
			"avatar_url", "create_request_id", "created_at", "updated_at", "created_by", "updated_by", "version");

	private static final BulkTable USER_TAGS = new BulkTable("user_tags", "user_id", "tag_order", "tag");

	private final BulkInserter inserter;

	UserBatchWriter(BulkInserter inserter) {
		this.inserter = inserter;
	}

	/** Inserts users that were never persisted, with version 0; must run inside a transaction. */
	void insert(List<UserEntity> users) {
		List<Object[]> rows = new ArrayList<>(users.size());
		List<Object[]> tags = new ArrayList<>();
		for (UserEntity user : users) {
			rows.add(new Object[] { user.getId(), user.getEmail(), user.getName(), user.getAge(),
					user.getStatus().name(), user.getBio(), user.getAvatarUrl(), user.getCreateRequestId(),
					user.getCreatedAt(), user.getUpdatedAt(), user.getCreatedBy(), user.getUpdatedBy(), 0L });
			List<String> userTags = user.getTags();
			for (int order = 0; order < userTags.size(); order++) {
				tags.add(new Object[] { user.getId(), order, userTags.get(order) });
			}
		}
		this.inserter.insert(USERS, rows);
		this.inserter.insert(USER_TAGS, tags);
	}

}

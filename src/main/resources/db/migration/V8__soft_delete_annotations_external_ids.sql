-- users.v1.1: soft delete, annotations and external ids. Common SQL of H2 and PostgreSQL.

-- Empty external ids are stored as NULL, which both databases let repeat under a unique index.
ALTER TABLE users ADD COLUMN external_id VARCHAR(255);
-- Both set together by DeleteUser, both cleared by UndeleteUser.
ALTER TABLE users ADD COLUMN delete_time TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD COLUMN purge_time TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD CONSTRAINT ck_users_deleted_together
    CHECK ((delete_time IS NULL AND purge_time IS NULL) OR (delete_time IS NOT NULL AND purge_time IS NOT NULL));

CREATE UNIQUE INDEX ux_users_external_id ON users (external_id);
-- The purge job finds users whose retention has ended without scanning the table.
CREATE INDEX ix_users_purge_time ON users (purge_time);

CREATE TABLE user_annotations (
    user_id          UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    annotation_key   VARCHAR(317) NOT NULL,
    annotation_value VARCHAR(256) NOT NULL,
    PRIMARY KEY (user_id, annotation_key)
);

-- Filters `annotations.KEY:*` and `annotations.KEY = "v"` probe this index per candidate user.
CREATE INDEX ix_user_annotations_key_value ON user_annotations (annotation_key, annotation_value, user_id);

ALTER TABLE user_changes DROP CONSTRAINT ck_user_changes_type;
ALTER TABLE user_changes ADD CONSTRAINT ck_user_changes_type
    CHECK (change_type IN ('CREATED', 'UPDATED', 'DELETED', 'UNDELETED', 'PURGED'));

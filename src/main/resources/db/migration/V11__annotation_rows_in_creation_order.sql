-- ListUsers' `annotations.KEY = "v"` in its default order (created_at, id). Common SQL of H2 and
-- PostgreSQL. Each annotation row repeats its user's creation time, which never changes, so that
-- one index holds a value's users in that order: a page of a rare value is a range scan of the
-- index that stops after one page, instead of finding every user with the value and sorting them.
ALTER TABLE user_annotations ADD COLUMN user_created_at TIMESTAMP WITH TIME ZONE;
UPDATE user_annotations SET user_created_at = (SELECT u.created_at FROM users u WHERE u.id = user_annotations.user_id);
ALTER TABLE user_annotations ALTER COLUMN user_created_at SET NOT NULL;

CREATE INDEX ix_user_annotations_key_value_created ON user_annotations
    (annotation_key, annotation_value, user_created_at, user_id);
-- Superseded: the filter's per-user probe now names the creation time too, and
-- `annotations.KEY:*` probes the primary key (user_id, annotation_key).
DROP INDEX ix_user_annotations_key_value;

-- The API limits text in characters (Unicode code points), and so does PostgreSQL's VARCHAR(n);
-- H2's counts UTF-16 units, where a character outside the Basic Multilingual Plane (an emoji)
-- takes two, so a valid 200-emoji name would not fit there. Twice the API's limit holds
-- any valid value on both databases; the API's own rules remain what limits the text.
ALTER TABLE users ALTER COLUMN email SET DATA TYPE VARCHAR(640);
ALTER TABLE users ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE users ALTER COLUMN bio SET DATA TYPE VARCHAR(8000);
ALTER TABLE users ALTER COLUMN avatar_url SET DATA TYPE VARCHAR(4096);
ALTER TABLE users ALTER COLUMN create_request_id SET DATA TYPE VARCHAR(128);
ALTER TABLE users ALTER COLUMN created_by SET DATA TYPE VARCHAR(510);
ALTER TABLE users ALTER COLUMN updated_by SET DATA TYPE VARCHAR(510);
ALTER TABLE users ALTER COLUMN external_id SET DATA TYPE VARCHAR(510);
ALTER TABLE user_tags ALTER COLUMN tag SET DATA TYPE VARCHAR(128);
ALTER TABLE user_annotations ALTER COLUMN annotation_value SET DATA TYPE VARCHAR(512);
ALTER TABLE user_data ALTER COLUMN content_type SET DATA TYPE VARCHAR(510);
ALTER TABLE chat_messages ALTER COLUMN room SET DATA TYPE VARCHAR(256);
ALTER TABLE chat_messages ALTER COLUMN user_id SET DATA TYPE VARCHAR(510);
ALTER TABLE chat_messages ALTER COLUMN content SET DATA TYPE VARCHAR(8000);
ALTER TABLE bio_edits ALTER COLUMN author SET DATA TYPE VARCHAR(510);
ALTER TABLE bio_edits ALTER COLUMN insert_text SET DATA TYPE VARCHAR(8000);

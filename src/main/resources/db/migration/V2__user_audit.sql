-- Who made a user and who changed it last: the subject of the caller's token.
ALTER TABLE users ADD COLUMN created_by VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE users ADD COLUMN updated_by VARCHAR(255) DEFAULT '' NOT NULL;

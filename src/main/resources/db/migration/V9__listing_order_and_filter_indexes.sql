-- ListUsers' orders and filters (users.v1.1). Common SQL of H2 and PostgreSQL.
-- Each order_by key has a (key, id) index, so a page is a range scan from the page token's
-- position that stops after one page; email's unique index serves its order alone.
CREATE INDEX ix_users_name_id ON users (name, id);
CREATE INDEX ix_users_age_id ON users (age, id);
CREATE INDEX ix_users_updated_at_id ON users (updated_at, id);
-- A rare status (few suspended users) is found here instead of by testing every user in
-- order, and in creation order for the default order_by.
CREATE INDEX ix_users_status_created_at_id ON users (status, created_at, id);

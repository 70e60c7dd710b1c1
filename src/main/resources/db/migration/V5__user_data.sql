-- Each user's data blob: a pointer row, and the bytes in chunks of at most 64 KiB (so any
-- database stores them as ordinary binary values, and downloads stream without loading a blob).
-- An upload writes its chunks under a fresh blob_id as they arrive and only swaps the pointer
-- when the whole upload checks out: a failed or cancelled upload never touches the current blob.
CREATE TABLE user_data (
    user_id      UUID                     NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    blob_id      UUID                     NOT NULL,
    content_type VARCHAR(255)             NOT NULL,
    sha256       VARCHAR(64)              NOT NULL,
    size_bytes   BIGINT                   NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE blob_chunks (
    blob_id     UUID                     NOT NULL,
    chunk_index INTEGER                  NOT NULL,
    bytes       BYTEA                    NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (blob_id, chunk_index)
);

-- Finding chunks no pointer refers to (left by a crash mid-upload, or by a deleted user).
CREATE INDEX ix_blob_chunks_created_at ON blob_chunks (created_at);

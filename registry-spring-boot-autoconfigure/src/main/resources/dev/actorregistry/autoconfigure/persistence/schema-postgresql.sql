-- Actor Registry: the state of persistent actors (PostgreSQL). Safe to run on every start.

CREATE TABLE IF NOT EXISTS actor_state (
	registry VARCHAR(200) NOT NULL,
	actor_key VARCHAR(1000) NOT NULL,
	revision BIGINT NOT NULL,
	state BYTEA NOT NULL,
	state_type VARCHAR(500) NOT NULL,
	key_id VARCHAR(100),
	updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	CONSTRAINT actor_state_pk PRIMARY KEY (registry, actor_key)
);

CREATE TABLE IF NOT EXISTS actor_state_history (
	registry VARCHAR(200) NOT NULL,
	actor_key VARCHAR(1000) NOT NULL,
	revision BIGINT NOT NULL,
	state BYTEA NOT NULL,
	state_type VARCHAR(500) NOT NULL,
	key_id VARCHAR(100),
	saved_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	CONSTRAINT actor_state_history_pk PRIMARY KEY (registry, actor_key, revision)
);

CREATE INDEX IF NOT EXISTS actor_state_history_saved_at ON actor_state_history (registry, actor_key, saved_at);

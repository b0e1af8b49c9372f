-- Actor Registry: the state of persistent actors and their durable reminders (H2).
-- Safe to run on every start.

CREATE TABLE IF NOT EXISTS actor_state (
	registry VARCHAR(200) NOT NULL,
	actor_key VARCHAR(1000) NOT NULL,
	revision BIGINT NOT NULL,
	state VARBINARY NOT NULL,
	state_type VARCHAR(500) NOT NULL,
	key_id VARCHAR(100),
	updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	CONSTRAINT actor_state_pk PRIMARY KEY (registry, actor_key)
);

CREATE TABLE IF NOT EXISTS actor_state_history (
	registry VARCHAR(200) NOT NULL,
	actor_key VARCHAR(1000) NOT NULL,
	revision BIGINT NOT NULL,
	state VARBINARY NOT NULL,
	state_type VARCHAR(500) NOT NULL,
	key_id VARCHAR(100),
	saved_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	CONSTRAINT actor_state_history_pk PRIMARY KEY (registry, actor_key, revision)
);

CREATE INDEX IF NOT EXISTS actor_state_history_saved_at ON actor_state_history (registry, actor_key, saved_at);

-- One row per reminder; the version changes with every write, and claims, advances and
-- releases update the row only at the version they read.
CREATE TABLE IF NOT EXISTS actor_reminder (
	registry VARCHAR(200) NOT NULL,
	actor_key VARCHAR(1000) NOT NULL,
	name VARCHAR(200) NOT NULL,
	due_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	period_millis BIGINT,
	missed_ticks VARCHAR(20) NOT NULL,
	sequence BIGINT NOT NULL,
	lease_owner VARCHAR(300),
	lease_until TIMESTAMP(6) WITH TIME ZONE,
	version BIGINT NOT NULL,
	CONSTRAINT actor_reminder_pk PRIMARY KEY (registry, actor_key, name)
);

CREATE INDEX IF NOT EXISTS actor_reminder_due_at ON actor_reminder (registry, due_at);

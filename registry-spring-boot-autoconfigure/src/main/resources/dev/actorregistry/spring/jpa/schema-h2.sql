-- Actor Registry: the state of persistent actors, their durable sends and their durable reminders (H2).
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

-- Durable sends not yet delivered, one row per send, written with the sender's state in
-- the same transaction. The invocation columns name the call the send carries: for a
-- refusal on its way back, the call that was refused. With encryption, arguments and
-- refusal are sealed under the key the row names.
CREATE TABLE IF NOT EXISTS actor_outbox (
	id VARCHAR(100) NOT NULL,
	sender_registry VARCHAR(200) NOT NULL,
	sender_key VARCHAR(1000) NOT NULL,
	receiver_registry VARCHAR(200) NOT NULL,
	receiver_key VARCHAR(1000) NOT NULL,
	invocation_id VARCHAR(100) NOT NULL,
	invocation_registry VARCHAR(200) NOT NULL,
	invocation_key VARCHAR(1000) NOT NULL,
	contract VARCHAR(500) NOT NULL,
	operation VARCHAR(200) NOT NULL,
	arguments VARBINARY NOT NULL,
	refusal VARCHAR,
	key_id VARCHAR(100),
	sent_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	CONSTRAINT actor_outbox_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS actor_outbox_sent_at ON actor_outbox (sender_registry, sent_at);

CREATE INDEX IF NOT EXISTS actor_outbox_sender ON actor_outbox (sender_registry, sender_key, sent_at);

-- The durable sends each actor applied or refused, written with its state, until their
-- senders have learnt of the delivery: a send delivered again is answered from here.
CREATE TABLE IF NOT EXISTS actor_inbox (
	registry VARCHAR(200) NOT NULL,
	actor_key VARCHAR(1000) NOT NULL,
	send_id VARCHAR(100) NOT NULL,
	refusal VARCHAR,
	key_id VARCHAR(100),
	applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	CONSTRAINT actor_inbox_pk PRIMARY KEY (registry, actor_key, send_id)
);

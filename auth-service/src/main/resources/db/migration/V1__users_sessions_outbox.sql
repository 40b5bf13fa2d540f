-- Users: email is stored lower-cased; password_hash is an Argon2id PHC string.
create table users (
    id            uuid primary key,
    email         text        not null unique,
    password_hash text        not null,
    created_at    timestamptz not null
);

-- The durable record of every session. Only sha256(secret) is stored (base64url).
create table sessions (
    id                  text        primary key,
    user_id             uuid        not null references users (id),
    secret_hash         text        not null,
    created_at          timestamptz not null,
    absolute_expires_at timestamptz not null,
    idle_expires_at     timestamptz not null,
    revoked_at          timestamptz,
    revoked_reason      text,
    ip                  text,
    user_agent          text
);
create index sessions_by_user on sessions (user_id, created_at);

-- The transactional outbox: each row is one event, written in the transaction of the change
-- it describes, relayed to Kafka in id order by the relay.
create table outbox (
    id            bigserial   primary key,
    event_id      uuid        not null unique,
    event_type    text        not null,
    kafka_key     text        not null,
    payload       text        not null,
    occurred_at   timestamptz not null,
    source        text        not null,
    trace_id      text,
    published_at  timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;

-- Wake the relay at commit time; it also polls, so a lost notification only costs one poll interval.
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox', '');
    return null;
end;
$$;
create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();

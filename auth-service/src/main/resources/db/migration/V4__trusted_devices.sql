-- Device cookies (OWASP): a browser that signed in to an account. Only sha256(device token + user id) is stored;
-- a login of the account from that browser is limited by its own bucket, not by the account's lockout.
create table trusted_devices (
    key_hash     text        primary key,
    user_id      uuid        not null references users (id) on delete cascade,
    created_at   timestamptz not null,
    last_used_at timestamptz not null
);
create index trusted_devices_by_last_use on trusted_devices (last_used_at);

-- Housekeeping deletes reset rows a day after they expired.
create index password_resets_by_expiry on password_resets (expires_at);

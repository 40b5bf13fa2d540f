-- Roles travel in LoggedIn and become the Authentication's roles in every app (comma-separated).
alter table users add column roles text not null default 'user';

-- A readable device label ("Chrome 156 on Linux"), parsed from the user agent at login.
alter table sessions add column device text;
create index sessions_live_by_user on sessions (user_id) where revoked_at is null;

-- Password reset tokens: only sha256(token) is stored (base64url); single use, short-lived.
create table password_resets (
    token_hash text        primary key,
    user_id    uuid        not null references users (id),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index password_resets_by_user on password_resets (user_id) where used_at is null;

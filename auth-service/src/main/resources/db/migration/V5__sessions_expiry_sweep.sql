-- The expiry sweep (sessions.ExpirySweeper) looks for sessions not ended whose absolute or idle expiry has
-- passed, every sweep interval: both are range scans over the sessions still open only.
create index sessions_open_by_absolute_expiry on sessions (absolute_expires_at) where revoked_at is null;
create index sessions_open_by_idle_expiry on sessions (idle_expires_at) where revoked_at is null;

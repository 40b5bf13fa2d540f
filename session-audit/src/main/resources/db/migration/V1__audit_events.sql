-- The audit of session.events: every event read, appended once and never changed. Written by AuditLog only.

-- One row per event. The CloudEvent id is the key, so a redelivered record or a replay of the whole topic inserts
-- nothing twice. data is the event's data exactly as published; the view below reads what it needs from it.
create table audit_events (
    event_id        uuid        primary key,   -- ce_id
    event_type      text        not null,      -- ce_type, e.g. io.sessionstream.session.logged-in
    occurred_at     timestamptz not null,      -- ce_time: when the change committed
    source          text        not null,      -- ce_source without urn:sessionstream:, e.g. auth-service
    trace_id        text,                      -- ce_traceid: the request that caused it, in the producer's logs
    user_id         text        not null,      -- the record key (= data.userId)
    session_id      text,                      -- the one session the event names (LoggedIn, LoggedOut), else null
    data            jsonb       not null,
    kafka_topic     text        not null,      -- where it was first read: a user's events are ordered by offset
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    recorded_at     timestamptz not null default now()
);
create index audit_events_by_user on audit_events (user_id, kafka_partition, kafka_offset);

-- Records that could not be audited (not a Sessionstream event of a type this version knows, or data PostgreSQL
-- refuses): skipped with a WARN, and counted here, once per record.
create table audit_skipped (
    kafka_topic     text        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    event_id        text,                      -- its ce_id header, if it has one
    event_type      text,                      -- its ce_type header, if it has one
    reason          text        not null,
    recorded_at     timestamptz not null default now(),
    primary key (kafka_topic, kafka_partition, kafka_offset)
);

-- Append-only: an UPDATE or DELETE fails. Replaying into an empty table starts with TRUNCATE, an operator's act
-- (docs/integrate.md), which these row triggers leave alone.
create function audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit is append-only: % on % refused', tg_op, tg_table_name;
end;
$$;
create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_append_only();
create trigger audit_skipped_append_only before update or delete on audit_skipped
    for each row execute function audit_append_only();

-- One row per session: when and from where it was signed in, and the first later event of its user that ended it
-- (null while none has): LoggedOut naming it, SessionRevoked listing it, or AllSessionsRevoked / PasswordChanged
-- not keeping it. "Later" is the user's order on the topic (offsets of the user's partition), never the clocks.
-- The reason of LoggedOut and PasswordChanged is implicit in the type; the others carry it.
create view audit_sessions as
select s.session_id,
       s.user_id,
       (s.data ->> 'createdAt')::timestamptz      as signed_in_at,
       s.data ->> 'ip'                            as ip,
       s.data ->> 'userAgent'                     as user_agent,
       (s.data ->> 'absoluteExpiry')::timestamptz as absolute_expiry,
       (s.data ->> 'idleExpiry')::timestamptz     as idle_expiry_at_sign_in,
       s.event_id                                 as signed_in_event_id,
       e.occurred_at                              as ended_at,
       e.event_type                               as ended_by_type,
       e.reason                                   as end_reason,
       e.event_id                                 as ended_by_event_id,
       e.trace_id                                 as end_trace_id
from audit_events s
left join lateral (
    select x.event_id, x.event_type, x.occurred_at, x.trace_id,
           coalesce(x.data ->> 'reason',
                    case x.event_type
                        when 'io.sessionstream.session.logged-out' then 'logout'
                        when 'io.sessionstream.session.password-changed' then 'password_changed'
                    end) as reason
    from audit_events x
    where x.user_id = s.user_id
      and x.kafka_partition = s.kafka_partition
      and x.kafka_offset > s.kafka_offset
      and ((x.event_type = 'io.sessionstream.session.logged-out' and x.session_id = s.session_id)
        or (x.event_type = 'io.sessionstream.session.revoked' and x.data -> 'sessionIds' @> jsonb_build_array(s.session_id))
        or (x.event_type in ('io.sessionstream.session.all-revoked', 'io.sessionstream.session.password-changed')
            and s.session_id is distinct from x.data ->> 'keepSessionId'))
    order by x.kafka_offset
    limit 1
) e on true
where s.event_type = 'io.sessionstream.session.logged-in';

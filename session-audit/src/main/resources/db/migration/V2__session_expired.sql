-- SessionExpired ends the session it names (reason idle_expired or absolute_expired, by the system), like LoggedOut:
-- "who was signed in at T" stops counting a session left idle once its expiry is published. Its end is the event's
-- time (ce_time), when the auth-service ended it, as for every other end: for an idle expiry the data's expiredAt is
-- only the last idle expiry the auth-service saw, and the session may have been in use up to the event.
create or replace view audit_sessions as
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
      and ((x.event_type in ('io.sessionstream.session.logged-out', 'io.sessionstream.session.expired')
            and x.session_id = s.session_id)
        or (x.event_type = 'io.sessionstream.session.revoked' and x.data -> 'sessionIds' @> jsonb_build_array(s.session_id))
        or (x.event_type in ('io.sessionstream.session.all-revoked', 'io.sessionstream.session.password-changed')
            and s.session_id is distinct from x.data ->> 'keepSessionId'))
    order by x.kafka_offset
    limit 1
) e on true
where s.event_type = 'io.sessionstream.session.logged-in';

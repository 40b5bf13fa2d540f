-- The retention job deletes published rows by age (OutboxRetention): this index finds them
-- without scanning the unpublished tail or the whole table.
create index outbox_published on outbox (published_at) where published_at is not null;

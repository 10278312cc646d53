-- A customer's events by time, with what the lifecycle engine reads to rebuild their features (type,
-- name, internal; the rowid is in every index). A rebuild then reads one index range per customer
-- instead of one table row per event, and fetches a payload only for the events whose properties a
-- feature reads. The customer timeline uses the same index as before.
DROP INDEX events_customer;
CREATE INDEX events_customer ON events (customer_id, timestamp, type, name, internal);

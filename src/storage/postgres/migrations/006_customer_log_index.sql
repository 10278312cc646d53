-- A customer's events by time with what the lifecycle engine and analytics read of them (type, name,
-- internal), as sqlite/003 has it: "did this customer do X before?" and feature rebuilds are then
-- answered from the index alone (once vacuumed) instead of one heap page per event.
DROP INDEX events_customer;
CREATE INDEX events_customer ON events (customer_id, timestamp) INCLUDE (type, name, internal);

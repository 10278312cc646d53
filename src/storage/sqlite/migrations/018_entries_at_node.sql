-- Nothing to change on SQLite: every index ends with the rowid, so journey_entries_node
-- (journey_id, version, node) already reads a node's waiting entries in id order, one range per page.
SELECT 1;

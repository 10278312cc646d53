-- A publish that moves customers onto its new version pages through those waiting at a node of the old
-- one by id. On (journey_id, version, node) each page sorted every waiting entry of the node; with the id
-- in the index a page is one ordered range read, however many wait there.
CREATE INDEX journey_entries_at_node ON journey_entries (journey_id, version, node, id) WHERE status <> 'ended';
DROP INDEX journey_entries_node;

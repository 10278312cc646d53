-- Customers by stage, newest first, page by page: the index ends in the customer id so that a page is
-- read in order and the walk stops after it, instead of sorting the whole stage.
CREATE INDEX customer_state_stage_customer ON customer_state (workspace_id, stage, customer_id DESC);
DROP INDEX customer_state_stage;

-- Customers by stage, newest first, page by page: SQLite's customer_state_stage index already ends in
-- the customer id (the rowid), so it reads a page in order. Nothing to add here; PostgreSQL needs the column.
SELECT 1;

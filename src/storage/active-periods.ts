/** The tables of active customers per period, and how each numbers the period of a time. */
export const ACTIVE_TABLES = [
  { table: 'active_days', unit: 'day' },
  { table: 'active_weeks', unit: 'week' },
  { table: 'active_months', unit: 'month' },
] as const;

export type ActiveTable = (typeof ACTIVE_TABLES)[number]['table'];

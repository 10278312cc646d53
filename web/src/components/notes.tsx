import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';

/** An error in words: what happened, and what to do about it. */
export function ErrorNote({ error, what }: { error: unknown; what: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    error instanceof ApiError && error.status === 403
      ? ' Ask an admin of this workspace for the role it needs.'
      : error instanceof ApiError && error.status >= 500
        ? ' The server log has the cause.'
        : '';
  return (
    <div role="alert" className="error">
      <strong>{what} failed.</strong> {message}
      {hint}
    </div>
  );
}

/** An empty state that says what would fill it and how. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

export const Loading = ({ what }: { what: string }) => (
  <p className="loading" aria-live="polite">
    Loading {what}…
  </p>
);

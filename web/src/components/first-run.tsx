import { useMutation } from '@tanstack/react-query';
// The same snippets the terminal and the server's root page show, so all three say the same thing.
import { firstEventSnippets } from '../../../src/app/first-run-guide.ts';
import type { NewKeyView } from '../../../src/contract/index.ts';
import { api } from '../api.ts';
import { useSession } from '../session.ts';
import { ErrorNote } from './notes.tsx';

/**
 * The first-run guide: how to send a first event with curl, analytics-node or analytics.js. Keys are
 * stored as digests, so the snippets carry a placeholder, unless an admin makes a write key here now.
 */
export function FirstRunGuide() {
  const { isAdmin } = useSession();
  const create = useMutation({
    mutationFn: () =>
      api<NewKeyView>('/keys', { method: 'POST', body: { kind: 'write', name: 'first-run guide' } }),
  });
  const s = firstEventSnippets({ url: window.location.origin, writeKey: create.data?.key });
  return (
    <section className="guide" aria-labelledby="guide-title">
      <h2 id="guide-title">Send your first event</h2>
      <p>
        No customers yet. Send events to <code>/v1</code> with a write key in place of <code>WRITE_KEY</code>.
        Each person who sends one becomes a customer and gets a lifecycle stage.
      </p>
      {isAdmin && !create.data && (
        <button type="button" onClick={() => create.mutate()} disabled={create.isPending}>
          Make a write key for these snippets
        </button>
      )}
      {create.data && (
        <p role="status">
          New write key <code>{create.data.key}</code> — shown only now; keep it (a write key is safe in web
          pages).
        </p>
      )}
      {create.error && <ErrorNote error={create.error} what="Making a key" />}
      <h3>curl</h3>
      <pre>{s.curl}</pre>
      <h3>Node.js (@segment/analytics-node)</h3>
      <pre>{s.node}</pre>
      <h3>A web page (analytics.js)</h3>
      <pre>{s.browser}</pre>
    </section>
  );
}

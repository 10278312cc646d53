import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type { CreateSegmentInput, SegmentView } from '../../../src/contract/index.ts';
import { api } from '../api.ts';
import { Empty, ErrorNote, Loading } from '../components/notes.tsx';
import { count, dateTime } from '../format.ts';
import { segmentRoute } from '../router.tsx';
import { useSession } from '../session.ts';
import { useSegments } from './customers.tsx';

function NewSegment() {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const create = useMutation({
    mutationFn: (body: CreateSegmentInput) => api<SegmentView>('/segments', { method: 'POST', body }),
    onSuccess: () => {
      setOpen(false);
      client.invalidateQueries({ queryKey: ['segments'] });
    },
  });
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        New segment
      </button>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    create.mutate({ key: String(f.get('key')), name: String(f.get('name')), rule: String(f.get('rule')) });
  };
  return (
    <form className="card form" onSubmit={submit} aria-label="New segment">
      <label>
        Key (letters, digits, _)
        <input name="key" required pattern="[a-z][a-z0-9_]*" />
      </label>
      <label>
        Name
        <input name="name" required />
      </label>
      <label>
        Rule
        <textarea
          name="rule"
          required
          rows={3}
          placeholder={'performed "Order Completed" at least 2 times in 90 days'}
        />
      </label>
      {create.error && <ErrorNote error={create.error} what="Creating the segment" />}
      <div className="row">
        <button type="submit" disabled={create.isPending}>
          Create
        </button>
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function SegmentsPage() {
  const segments = useSegments();
  const { canEdit } = useSession();
  return (
    <>
      <div className="heading">
        <h1>Segments</h1>
        {canEdit && <NewSegment />}
      </div>
      {segments.isPending && <Loading what="segments" />}
      {segments.error && <ErrorNote error={segments.error} what="Loading segments" />}
      {segments.data && segments.data.items.length === 0 && (
        <Empty title="No segments yet">
          <p>
            A segment is a rule over events and traits, kept up to date as events arrive; make one with “New
            segment”
            {canEdit ? '' : ' (an editor can)'} or <code>POST /api/v1/segments</code>.
          </p>
        </Empty>
      )}
      {segments.data && segments.data.items.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col">Rule</th>
              <th scope="col" className="num">
                Size now
              </th>
            </tr>
          </thead>
          <tbody>
            {segments.data.items.map((s) => (
              <tr key={s.key} data-segment={s.key}>
                <td>
                  <Link to="/segments/$key" params={{ key: s.key }}>
                    {s.name}
                  </Link>
                </td>
                <td>
                  <code>{s.rule ?? 'uploaded list'}</code>
                </td>
                <td className="num">{count(s.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function SegmentPage() {
  const { key } = segmentRoute.useParams();
  const segment = useQuery({
    queryKey: ['segment', key],
    queryFn: () => api<SegmentView>(`/segments/${encodeURIComponent(key)}`),
  });
  if (segment.error) return <ErrorNote error={segment.error} what={`Loading segment ${key}`} />;
  if (!segment.data) return <Loading what="the segment" />;
  const s = segment.data;
  return (
    <>
      <p>
        <Link to="/segments">← Segments</Link>
      </p>
      <h1>{s.name}</h1>
      {s.description && <p>{s.description}</p>}
      <p>
        <strong>{count(s.size)}</strong> customers now ·{' '}
        {s.kind === 'rule' ? <code>{s.rule}</code> : 'an uploaded list'}
      </p>
      <p className="muted">Updated {dateTime(s.updatedAt)}</p>
      <Link to="/customers" search={{ segment: s.key }}>
        See its {count(s.size)} members
      </Link>
    </>
  );
}

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type {
  CustomerDetailView,
  CustomerSegmentsView,
  EventPageView,
  ExplanationView,
  FactView,
  StageHistoryView,
} from '../../../src/contract/index.ts';
import { api, qs } from '../api.ts';
import { ErrorNote, Loading } from '../components/notes.tsx';
import { dateTime, percent } from '../format.ts';
import { customerRoute } from '../router.tsx';

const PREDICTION_LABELS: Record<string, string> = {
  clv: 'Predicted CLV',
  p_alive: 'P(alive)',
  expected_purchases: 'Expected purchases',
  expected_spend: 'Expected spend per order',
  churn_risk: 'Churn risk',
};

function Facts({ facts }: { facts: FactView[] }) {
  return (
    <ul className="facts">
      {facts.map((f) => (
        <li key={f.path} className={f.passed ? 'passed' : 'failed'}>
          <span aria-hidden="true">{f.passed ? '✓' : '✗'}</span>
          <span className="visually-hidden">{f.passed ? 'met:' : 'not met:'}</span> {f.text}
          {f.detail && <span className="muted"> — {f.detail}</span>}
        </li>
      ))}
    </ul>
  );
}

function Explanation({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['explain', id],
    queryFn: () => api<ExplanationView>(`/customers/${id}/explain`),
  });
  if (q.error) return <ErrorNote error={q.error} what="Explaining the stage" />;
  if (!q.data) return <Loading what="the explanation" />;
  const e = q.data;
  if (!e.stage) return <p>Not in a stage yet: the lifecycle model has not placed this customer.</p>;
  return (
    <div className="explanation" data-testid="explanation">
      <p>
        In <strong>{e.stage.name}</strong>
        {e.stage.since && <> since {dateTime(e.stage.since)}</>}, because:
      </p>
      <Facts facts={e.why} />
      {e.above.map((a) => (
        <details key={a.stage}>
          <summary>Why not {a.name}</summary>
          <Facts facts={a.failed} />
        </details>
      ))}
      {e.nextCheck && <p className="muted">Time alone may change this on {dateTime(e.nextCheck)}.</p>}
    </div>
  );
}

export function CustomerPage() {
  const { id } = customerRoute.useParams();
  const detail = useQuery({
    queryKey: ['customer', id],
    queryFn: () => api<CustomerDetailView>(`/customers/${id}`),
  });
  const stages = useQuery({
    queryKey: ['stages', id],
    queryFn: () => api<StageHistoryView>(`/customers/${id}/stages`),
  });
  const segments = useQuery({
    queryKey: ['customer-segments', id],
    queryFn: () => api<CustomerSegmentsView>(`/customers/${id}/segments`),
  });
  const events = useInfiniteQuery({
    queryKey: ['events', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api<EventPageView>(`/customers/${id}/events${qs({ limit: 50, cursor: pageParam })}`),
    getNextPageParam: (last) => last.next ?? undefined,
  });

  if (detail.error) return <ErrorNote error={detail.error} what={`Loading customer ${id}`} />;
  if (!detail.data) return <Loading what="the customer" />;
  const { customer, identities, merges, predictions, resolvedFrom } = detail.data;
  const traits = Object.entries(customer.traits);
  return (
    <>
      <p>
        <Link to="/customers" search={{}}>
          ← Customers
        </Link>
      </p>
      <h1>{customer.email ?? customer.userId ?? `Customer ${customer.id}`}</h1>
      {resolvedFrom !== undefined && (
        <p className="note">Customer {resolvedFrom} was merged into this one.</p>
      )}
      <p className="muted">
        Id {customer.id} · first seen {dateTime(customer.firstSeen)} · last seen {dateTime(customer.lastSeen)}
      </p>
      <div className="columns">
        <section aria-labelledby="stage-title" className="card">
          <h2 id="stage-title">Lifecycle stage</h2>
          <Explanation id={String(customer.id)} />
        </section>
        <section aria-labelledby="pred-title" className="card">
          <h2 id="pred-title">Predictions</h2>
          {Object.keys(predictions).length === 0 ? (
            <p className="muted">
              No predictions yet: they are fitted daily (or with loopline predict) once there are purchases.
            </p>
          ) : (
            <dl>
              {Object.entries(predictions)
                .filter(([k]) => k in PREDICTION_LABELS)
                .map(([k, v]) => (
                  <div key={k}>
                    <dt>{PREDICTION_LABELS[k]}</dt>
                    <dd>{k === 'p_alive' || k === 'churn_risk' ? percent(v) : v.toFixed(2)}</dd>
                  </div>
                ))}
            </dl>
          )}
          <h2>Segments</h2>
          {segments.error && <ErrorNote error={segments.error} what="Loading segments" />}
          {segments.data && segments.data.items.length === 0 && <p className="muted">In no segment now.</p>}
          <ul className="tags">
            {segments.data?.items.map((s) => (
              <li key={s.key}>
                <Link to="/segments/$key" params={{ key: s.key }}>
                  {s.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <div className="columns">
        <section aria-labelledby="traits-title" className="card">
          <h2 id="traits-title">Traits</h2>
          {traits.length === 0 ? (
            <p className="muted">No traits: an identify call sets them.</p>
          ) : (
            <dl>
              {traits.map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
        <section aria-labelledby="ids-title" className="card">
          <h2 id="ids-title">Identities and merges</h2>
          <ul>
            {identities.map((i) => (
              <li key={`${i.kind}:${i.value}`}>
                <span className="muted">{i.kind}</span> {i.value}
              </li>
            ))}
          </ul>
          {merges.map((m) => (
            <p key={m.messageId + m.fromCustomerId}>
              Merged customer {m.fromCustomerId} on {dateTime(m.at)} ({m.reason})
            </p>
          ))}
        </section>
      </div>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Stage timeline</h2>
        {stages.error && <ErrorNote error={stages.error} what="Loading the stage history" />}
        <ol className="timeline">
          {stages.data?.items.map((m) => (
            <li key={m.id}>
              <strong>{m.from ? `${m.from} → ${m.to}` : `entered ${m.to}`}</strong>{' '}
              <span className="muted">
                {dateTime(m.at)} · by {m.cause}
              </span>
              <div className="muted">{m.rule}</div>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="events-title">
        <h2 id="events-title">Events</h2>
        {events.error && <ErrorNote error={events.error} what="Loading events" />}
        <ol className="timeline">
          {events.data?.pages
            .flatMap((p) => p.items)
            .map((e) => (
              <li key={e.id}>
                <strong>{e.name ?? e.type}</strong> <span className="muted">{dateTime(e.timestamp)}</span>
                {e.stage && <span className="muted"> · in {e.stage}</span>}
                {e.value !== null && <span> · {e.value}</span>}
              </li>
            ))}
        </ol>
        {events.hasNextPage && (
          <button type="button" onClick={() => events.fetchNextPage()}>
            Older events
          </button>
        )}
      </section>
    </>
  );
}

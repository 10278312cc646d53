import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import type {
  CustomerPageView,
  LifecycleView,
  MemberPageView,
  SegmentListView,
} from '../../../src/contract/index.ts';
import { api, qs } from '../api.ts';
import { Empty, ErrorNote, Loading } from '../components/notes.tsx';
import { PeopleList, type Person } from '../components/people-list.tsx';
import { customersRoute, SEARCH_BY } from '../router.tsx';

const PAGE = 100;
const BY_LABEL = { userId: 'User id', email: 'Email', trait: 'Trait (key:value)' } as const;

export const useLifecycle = () =>
  useQuery({ queryKey: ['lifecycle'], queryFn: () => api<LifecycleView>('/lifecycle') });
export const useSegments = () =>
  useQuery({ queryKey: ['segments'], queryFn: () => api<SegmentListView>('/segments') });

export function CustomersPage() {
  const search = customersRoute.useSearch();
  const navigate = useNavigate({ from: '/customers' });
  const by = search.by ?? 'userId';
  const lifecycle = useLifecycle();
  const segments = useSegments();
  const stageNames = new Map((lifecycle.data?.model?.stages ?? []).map((s) => [s.key, s.name]));

  // Each page is one indexed read on the server (its cursor says where the last one stopped).
  const list = useInfiniteQuery({
    queryKey: ['people', search],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }): Promise<{ people: Person[]; next: string | null }> => {
      if (search.segment) {
        const page = await api<MemberPageView>(
          `/segments/${encodeURIComponent(search.segment)}/members${qs({ limit: PAGE, cursor: pageParam })}`,
        );
        return {
          people: page.items.map((m) => ({
            id: m.customerId,
            userId: m.userId,
            email: m.email,
            when: m.since,
          })),
          next: page.next,
        };
      }
      const query = search.q ? { [by]: search.q } : {};
      const page = await api<CustomerPageView>(
        `/customers${qs({ ...query, stage: search.stage, limit: PAGE, cursor: pageParam })}`,
      );
      return {
        people: page.items.map((c) => ({
          id: c.id,
          userId: c.userId,
          email: c.email,
          stage: c.stage?.key ?? null,
          when: c.lastSeen,
        })),
        next: page.next,
      };
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const people = list.data?.pages.flatMap((p) => p.people) ?? [];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const q = String(form.get('q') ?? '').trim();
    navigate({
      search: {
        ...search,
        q: q || undefined,
        by: form.get('by') as (typeof SEARCH_BY)[number],
        segment: undefined,
      },
    });
  };

  return (
    <>
      <h1>Customers</h1>
      <form className="toolbar" onSubmit={submit} aria-label="Search customers">
        <label>
          Search by
          <select name="by" defaultValue={by}>
            {SEARCH_BY.map((b) => (
              <option key={b} value={b}>
                {BY_LABEL[b]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Search for</span>
          <input
            name="q"
            type="search"
            defaultValue={search.q}
            key={search.q}
            placeholder="user-1, ann@shop.com, plan:pro"
          />
        </label>
        <button type="submit">Search</button>
        <label>
          Stage
          <select
            value={search.stage ?? ''}
            onChange={(e) =>
              navigate({ search: { ...search, stage: e.target.value || undefined, segment: undefined } })
            }
          >
            <option value="">Any stage</option>
            {lifecycle.data?.model?.stages.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Segment
          <select
            value={search.segment ?? ''}
            onChange={(e) => navigate({ search: { segment: e.target.value || undefined } })}
          >
            <option value="">Any segment</option>
            {segments.data?.items.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      {search.segment && (search.q || search.stage) && (
        <p className="muted">A segment lists its members; search and stage apply outside it.</p>
      )}
      {list.isPending && <Loading what="customers" />}
      {list.error && <ErrorNote error={list.error} what="Loading customers" />}
      {list.data && people.length === 0 && (
        <Empty title="No customers match">
          <p>
            {search.q || search.stage || search.segment
              ? 'Try another search, or clear the stage and segment filters.'
              : 'Customers appear here as their first events arrive: see the guide on the Overview page.'}
          </p>
        </Empty>
      )}
      {people.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {people.length} shown{list.hasNextPage ? ', more to load' : ''}
          </p>
          <PeopleList
            people={people}
            whenLabel={search.segment ? 'Member since' : 'Last seen'}
            stageNames={stageNames}
          />
          {list.hasNextPage && (
            <button type="button" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? 'Loading…' : `Load ${PAGE} more`}
            </button>
          )}
        </>
      )}
    </>
  );
}

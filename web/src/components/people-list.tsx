import { Link } from '@tanstack/react-router';
import { type ColumnDef, flexRender, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { dateTime } from '../format.ts';

/** One person in a list, whichever endpoint listed them. */
export type Person = {
  id: number;
  userId: string | null;
  email: string | null;
  stage?: string | null;
  when: string;
};

const features = tableFeatures({});
const ROW_HEIGHT = 40;

/**
 * A long list of people: TanStack Table for the columns, TanStack Virtual so only the rows in view are
 * in the page however many pages are loaded (spacer rows above and below keep the scroll height true).
 * The first cell links to the profile, so the list is walked with Tab as well as with the mouse.
 */
export function PeopleList({
  people,
  whenLabel,
  stageNames,
}: {
  people: Person[];
  whenLabel: string;
  stageNames: Map<string, string>;
}) {
  const columns: ColumnDef<typeof features, Person>[] = [
    {
      id: 'who',
      header: 'Customer',
      accessorFn: (p) => p.userId ?? p.email ?? `#${p.id}`,
      cell: (c) => (
        <Link to="/customers/$id" params={{ id: String(c.row.original.id) }}>
          {String(c.getValue())}
        </Link>
      ),
    },
    { id: 'email', header: 'Email', accessorFn: (p) => p.email ?? '—' },
    {
      id: 'stage',
      header: 'Stage',
      accessorFn: (p) => (p.stage ? (stageNames.get(p.stage) ?? p.stage) : '—'),
    },
    { id: 'when', header: whenLabel, accessorFn: (p) => dateTime(p.when) },
  ];
  const table = useTable({ features, columns, data: people });
  const scroller = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtual.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div ref={scroller} className="people-scroll">
      <table className="grid people">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((h) => (
                <th scope="col" key={h.id}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {before > 0 && <tr className="spacer" style={{ height: before }} />}
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <tr key={row.id} style={{ height: ROW_HEIGHT }} data-customer={row.original.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {after > 0 && <tr className="spacer" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type {
  AddMemberInput,
  ApiKeyListView,
  CreateKeyInput,
  MemberListView,
  NewKeyView,
  WorkspaceView,
} from '../../../src/contract/index.ts';
import { api } from '../api.ts';
import { ErrorNote, Loading } from '../components/notes.tsx';
import { dateTime } from '../format.ts';
import { SETTINGS_TABS, settingsRoute } from '../router.tsx';
import { useSession } from '../session.ts';

/** A table's column headers, the last one (the row's buttons) named for screen readers only. */
const Head = ({ columns }: { columns: string[] }) => (
  <thead>
    <tr>
      {columns.map((c) => (
        <th scope="col" key={c}>
          {c}
        </th>
      ))}
      <th scope="col">
        <span className="visually-hidden">Actions</span>
      </th>
    </tr>
  </thead>
);

const TAB_LABEL = { workspace: 'Workspace', keys: 'API keys', users: 'Users and roles' } as const;

function WorkspaceTab() {
  const ws = useQuery({ queryKey: ['workspace'], queryFn: () => api<WorkspaceView>('/workspace') });
  if (ws.error) return <ErrorNote error={ws.error} what="Loading the workspace" />;
  if (!ws.data) return <Loading what="the workspace" />;
  return (
    <dl>
      <div>
        <dt>Name</dt>
        <dd>{ws.data.name}</dd>
      </div>
      <div>
        <dt>Id (X-Workspace)</dt>
        <dd>{ws.data.id}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{dateTime(ws.data.createdAt)}</dd>
      </div>
    </dl>
  );
}

function KeysTab() {
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ['keys'], queryFn: () => api<ApiKeyListView>('/keys') });
  const [shown, setShown] = useState<NewKeyView | null>(null);
  const done = (made?: NewKeyView) => {
    setShown(made ?? null);
    client.invalidateQueries({ queryKey: ['keys'] });
  };
  const create = useMutation({
    mutationFn: (body: CreateKeyInput) => api<NewKeyView>('/keys', { method: 'POST', body }),
    onSuccess: done,
  });
  const rotate = useMutation({
    mutationFn: (id: number) => api<NewKeyView>(`/keys/${id}/rotate`, { method: 'POST' }),
    onSuccess: done,
  });
  const revoke = useMutation({
    mutationFn: (id: number) => api(`/keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => done(),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    create.mutate({ kind: f.get('kind') as CreateKeyInput['kind'], name: String(f.get('name')) });
  };
  const failure = create.error ?? rotate.error ?? revoke.error;
  return (
    <>
      {shown && (
        <div role="status" className="card shown-once">
          <p>
            New {shown.record.kind} key <strong>{shown.record.name}</strong>:
          </p>
          <pre data-testid="new-key">{shown.key}</pre>
          <p>Copy it now: it is shown only this once (the server keeps only its digest).</p>
          <button type="button" className="ghost" onClick={() => setShown(null)}>
            I have stored it
          </button>
        </div>
      )}
      {failure && <ErrorNote error={failure} what="Changing keys" />}
      <form className="toolbar" onSubmit={submit} aria-label="New key">
        <label>
          Kind
          <select name="kind" defaultValue="write">
            <option value="write">write (ingest, /v1; safe in web pages)</option>
            <option value="secret">secret (admin API; keep on servers)</option>
          </select>
        </label>
        <label>
          Name
          <input name="name" required maxLength={100} placeholder="website" />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </form>
      {keys.error && <ErrorNote error={keys.error} what="Loading keys" />}
      {keys.data && (
        <table className="grid">
          <Head columns={['Name', 'Kind', 'Key', 'Created', 'Status']} />
          <tbody>
            {keys.data.items.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>{k.kind}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{dateTime(k.createdAt)}</td>
                <td>{k.revokedAt ? `revoked ${dateTime(k.revokedAt)}` : 'active'}</td>
                <td className="row">
                  {!k.revokedAt && (
                    <>
                      <button
                        type="button"
                        className="ghost small"
                        onClick={() => rotate.mutate(k.id)}
                        aria-label={`Rotate key ${k.name} (${k.prefix})`}
                      >
                        Rotate
                      </button>
                      <button
                        type="button"
                        className="ghost small danger"
                        onClick={() =>
                          window.confirm(`Revoke ${k.name}? Senders using it stop at once.`) &&
                          revoke.mutate(k.id)
                        }
                        aria-label={`Revoke key ${k.name} (${k.prefix})`}
                      >
                        Revoke
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function UsersTab() {
  const client = useQueryClient();
  const { me } = useSession();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<MemberListView>('/users') });
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });
  const add = useMutation({
    mutationFn: (body: AddMemberInput) => api('/users', { method: 'POST', body }),
    onSuccess: refresh,
  });
  const change = useMutation({
    mutationFn: ({ id, role }: { id: number; role: AddMemberInput['role'] }) =>
      api(`/users/${id}`, { method: 'PATCH', body: { role } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: number) => api(`/users/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const password = String(f.get('password') ?? '');
    add.mutate({
      email: String(f.get('email')),
      role: f.get('role') as AddMemberInput['role'],
      ...(password ? { password } : {}),
    });
  };
  const failure = add.error ?? change.error ?? remove.error;
  return (
    <>
      <p className="muted">
        Viewers read everything; editors also change segments, the lifecycle model and journeys; admins also
        manage keys, users and settings.
      </p>
      {failure && <ErrorNote error={failure} what="Changing users" />}
      <form className="toolbar" onSubmit={submit} aria-label="Add a user">
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer">
            <option>viewer</option>
            <option>editor</option>
            <option>admin</option>
          </select>
        </label>
        <label>
          Password (new accounts)
          <input name="password" type="password" minLength={10} autoComplete="new-password" />
        </label>
        <button type="submit">Add user</button>
      </form>
      {users.error && <ErrorNote error={users.error} what="Loading users" />}
      {users.data && (
        <table className="grid">
          <Head columns={['Email', 'Role', 'Member since']} />
          <tbody>
            {users.data.items.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    onChange={(e) =>
                      change.mutate({ id: u.id, role: e.target.value as AddMemberInput['role'] })
                    }
                  >
                    <option>viewer</option>
                    <option>editor</option>
                    <option>admin</option>
                  </select>
                </td>
                <td>{dateTime(u.since)}</td>
                <td>
                  {u.id !== me?.user.id && (
                    <button
                      type="button"
                      className="ghost small danger"
                      onClick={() => remove.mutate(u.id)}
                      aria-label={`Remove ${u.email}`}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function SettingsPage() {
  const { tab = 'workspace' } = settingsRoute.useSearch();
  const { isAdmin, role } = useSession();
  return (
    <>
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings">
        {SETTINGS_TABS.map((t) => (
          <Link key={t} to="/settings" search={{ tab: t }} aria-current={t === tab ? 'page' : undefined}>
            {TAB_LABEL[t]}
          </Link>
        ))}
      </nav>
      {tab === 'workspace' && <WorkspaceTab />}
      {tab !== 'workspace' && !isAdmin && (
        <p className="note" role="status">
          {TAB_LABEL[tab]} need the admin role; you are {role} in this workspace.
        </p>
      )}
      {tab === 'keys' && isAdmin && <KeysTab />}
      {tab === 'users' && isAdmin && <UsersTab />}
    </>
  );
}

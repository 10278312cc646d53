import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { api } from '../api.ts';
import { chooseWorkspace, useSession } from '../session.ts';
import { setTheme, useTheme } from '../theme.ts';

const NAV = [
  { to: '/', label: 'Overview' },
  { to: '/journey', label: 'Journey map' },
  { to: '/customers', label: 'Customers' },
  { to: '/segments', label: 'Segments' },
  { to: '/settings', label: 'Settings' },
] as const;

/** The signed-in frame: navigation, the workspace switcher, the theme switch and sign-out. */
export function Layout() {
  const { me, workspace, role } = useSession();
  const theme = useTheme();
  const client = useQueryClient();
  const navigate = useNavigate();
  const signOut = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    client.clear();
    await navigate({ to: '/sign-in', search: { redirect: undefined } });
  };
  return (
    <div className="frame">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Loopline</span>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <Link
              key={n.to}
              to={n.to}
              activeOptions={{ exact: n.to === '/' }}
              activeProps={{ 'aria-current': 'page' }}
            >
              {n.label}
            </Link>
          ))}
        </nav>
        <div className="tools">
          {me && me.workspaces.length > 1 && (
            <label>
              <span className="visually-hidden">Workspace</span>
              <select
                value={workspace?.id}
                onChange={(e) => {
                  chooseWorkspace(Number(e.target.value));
                  // Everything shown belongs to the workspace: fetch it again for the new one.
                  client.invalidateQueries();
                }}
              >
                {me.workspaces.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name} ({w.role})
                  </option>
                ))}
              </select>
            </label>
          )}
          {me && me.workspaces.length <= 1 && workspace && (
            <span className="muted">
              {workspace.name} · {role}
            </span>
          )}
          <button
            type="button"
            className="ghost"
            aria-pressed={theme === 'dark'}
            onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          >
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
          <button type="button" className="ghost" onClick={signOut}>
            Sign out {me ? <span className="muted">({me.user.email})</span> : null}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

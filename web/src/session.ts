import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MeView } from '../../src/contract/index.ts';
import { ApiError, api, session } from './api.ts';

const WORKSPACE_KEY = 'loopline-workspace';

/** Who is signed in (null when nobody is); keeps the CSRF token and the chosen workspace for `api`. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<MeView | null> => {
    try {
      const me = await api<MeView>('/auth/me');
      adopt(me);
      return me;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
  retry: false,
});

/** Takes a fresh session's token, and the workspace chosen before if the user is still in it. */
export function adopt(me: MeView): void {
  session.csrf = me.csrfToken;
  const chosen = Number(localStorage.getItem(WORKSPACE_KEY));
  session.workspace = me.workspaces.some((w) => w.id === chosen) ? chosen : (me.workspaces[0]?.id ?? null);
}

export function chooseWorkspace(id: number): void {
  localStorage.setItem(WORKSPACE_KEY, String(id));
  session.workspace = id;
}

/** The signed-in user, their workspace now and their role in it. */
export function useSession() {
  const { data: me } = useQuery(meQuery);
  const workspace = me?.workspaces.find((w) => w.id === session.workspace) ?? null;
  const role = workspace?.role ?? 'viewer';
  return {
    me: me ?? null,
    workspace,
    role,
    canEdit: role === 'editor' || role === 'admin',
    isAdmin: role === 'admin',
  };
}

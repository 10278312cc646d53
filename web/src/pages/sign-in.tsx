import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type { LoginInput, MeView } from '../../../src/contract/index.ts';
import { ApiError, api } from '../api.ts';
import { adopt } from '../session.ts';

/** Why a sign-in failed, in words a person can act on. */
export function signInProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 401)
    return 'That email and password do not match an account.';
  if (error instanceof ApiError && error.status === 429) return error.message;
  return error instanceof Error ? error.message : 'Signing in failed.';
}

export function SignInPage() {
  const { redirect } = useSearch({ from: '/sign-in' });
  const navigate = useNavigate();
  const client = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: LoginInput = { email: String(form.get('email')), password: String(form.get('password')) };
    setBusy(true);
    setProblem(null);
    try {
      const me = await api<MeView>('/auth/login', { method: 'POST', body });
      adopt(me);
      client.setQueryData(['me'], me);
      // Only a path of this app: never a link elsewhere passed in the URL.
      const to = redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/';
      await navigate({ to });
    } catch (error) {
      setProblem(signInProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth" id="main">
      <h1>Sign in to Loopline</h1>
      <form onSubmit={submit} aria-describedby={problem ? 'sign-in-problem' : undefined}>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required maxLength={254} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={200} />
        </label>
        {problem && (
          <p id="sign-in-problem" role="alert" className="error">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        No account? An admin adds you in Settings, or with <code>loopline users add</code>.
      </p>
    </main>
  );
}

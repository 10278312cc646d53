import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type { MeView, SetupInput } from '../../../src/contract/index.ts';
import { api } from '../api.ts';
import { adopt } from '../session.ts';

/** The first admin, from the one-time link the server printed at start. */
export function SetupPage() {
  const { token } = useSearch({ from: '/setup' });
  const navigate = useNavigate();
  const client = useQueryClient();
  const status = useQuery({
    queryKey: ['setup'],
    queryFn: () => api<{ needsSetup: boolean }>('/auth/setup'),
  });
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: SetupInput = {
      token: token ?? '',
      email: String(form.get('email')),
      password: String(form.get('password')),
    };
    try {
      const me = await api<MeView>('/auth/setup', { method: 'POST', body });
      adopt(me);
      client.setQueryData(['me'], me);
      await navigate({ to: '/' });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <main className="auth" id="main">
      <h1>Set up the first admin</h1>
      {status.data && !status.data.needsSetup ? (
        <p>
          The first admin is set up already. <a href="/sign-in">Sign in</a>.
        </p>
      ) : !token ? (
        <p>Open the setup link printed in the terminal when the server started.</p>
      ) : (
        <form onSubmit={submit}>
          <label>
            Your email
            <input name="email" type="email" autoComplete="username" required />
          </label>
          <label>
            A password (10 characters or more)
            <input name="password" type="password" autoComplete="new-password" minLength={10} required />
          </label>
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
          <button type="submit">Create the admin and sign in</button>
        </form>
      )}
    </main>
  );
}

import { useState, type FormEvent } from 'react';
import { api, messageOf, refreshCsrf, unwrap, type Schemas } from '../api/client';
import { navigate } from '../router';

export function Login({ onSignedIn }: { onSignedIn: (me: Schemas['Me']) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await refreshCsrf();
      await unwrap(api.POST('/api/account/login', { body: { email, password } }));
      await refreshCsrf(); // the token is bound to the user: ask again once signed in
      const me = await unwrap(api.GET('/api/account/me'));
      onSignedIn(me);
      const returnUrl = new URLSearchParams(window.location.search).get('returnUrl');
      const home = me.roles.includes('admin') || me.roles.includes('marketer') ? '/dashboard' : '/inbox';
      navigate(returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') ? returnUrl : home);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  document.title = 'Sign in · Nurture';
  return (
    <main id="main" className="login">
      <h1>Sign in to Nurture</h1>
      <form onSubmit={submit}>
        <label htmlFor="email">Email</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>Sign in</button>
      </form>
    </main>
  );
}

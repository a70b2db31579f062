import { useState } from 'react';
import { get, post, refreshCsrf } from '../api.js';
import { navigate } from '../router.js';

export function Login({ onSignedIn }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await refreshCsrf();
      await post('/api/account/login', { email, password });
      await refreshCsrf(); // the token is bound to the user: ask again once signed in
      const me = await get('/api/account/me');
      onSignedIn(me);
      const returnUrl = new URLSearchParams(window.location.search).get('returnUrl');
      const home = me.roles.includes('admin') || me.roles.includes('marketer') ? '/dashboard' : '/inbox';
      navigate(returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') ? returnUrl : home);
    } catch (err) {
      setError(err.message);
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

import { useState, type FormEvent } from 'react';
import { ApiError, api, messageOf, refreshCsrf, unwrap, type Schemas } from '../api/client';
import type { Message } from '../components/Notice';

/** The signed-in user's own account: who they are, and a new password. */
export function Account({ me }: { me: Schemas['Me'] }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<Message | null>(null);

  async function change(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    try {
      await unwrap(api.POST('/api/account/password', { body: { current, new: next } }));
      await refreshCsrf(); // the session cookie was renewed
      setCurrent(''); setNext('');
      setMessage({ kind: 'ok', text: 'Password changed.' });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.messages.join(' ') : messageOf(err) });
    }
  }

  return (
    <>
      <h1>Your account</h1>
      <p>{me.displayName || me.email} · {me.email} · {me.roles.join(', ')}</p>
      <h2>Change your password</h2>
      <form className="login-like" onSubmit={change}>
        <label htmlFor="pw-current">Current password</label>
        <input id="pw-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <label htmlFor="pw-new">New password (12 characters at least)</label>
        <input id="pw-new" type="password" autoComplete="new-password" required minLength={12} value={next} onChange={(e) => setNext(e.target.value)} />
        {message && <p className={message.kind === 'error' ? 'error' : 'ok'} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}
        <button type="submit">Change password</button>
      </form>
    </>
  );
}

import { useEffect, useState } from 'react';
import { ApiError, del, get, post } from '../api.js';
import { Settings } from '../components/SettingsEditor.jsx';

export function Admin() {
  const [users, setUsers] = useState([]);
  const [keys, setKeys] = useState([]);
  const [form, setForm] = useState({ email: '', displayName: '', role: 'marketer', password: '' });
  const [keyName, setKeyName] = useState('');
  const [shown, setShown] = useState(null);
  const [error, setError] = useState(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    get('/api/users').then(setUsers, (e) => setError(e.message));
    get('/api/keys').then(setKeys, (e) => setError(e.message));
  }, [reload]);

  async function attempt(action) {
    setError(null);
    try { await action(); setReload((r) => r + 1); } catch (e) {
      setError(e instanceof ApiError ? e.messages.join(' ') : e.message);
    }
  }

  const addUser = (e) => { e.preventDefault(); attempt(async () => {
    const created = await post('/api/users', { ...form, password: form.password || null });
    setShown(created.password ? `Password for ${created.user.email} (shown once): ${created.password}` : `Created ${created.user.email}.`);
    setForm({ email: '', displayName: '', role: 'marketer', password: '' });
  }); };
  const addKey = (e) => { e.preventDefault(); attempt(async () => {
    const created = await post('/api/keys', { name: keyName });
    setShown(`API key "${created.name}" (shown once): ${created.key}`);
    setKeyName('');
  }); };

  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  return (
    <>
      <h1>Administration</h1>
      {error && <p className="error" role="alert">{error}</p>}
      {shown && <p className="ok secret" role="status">{shown}</p>}
      <h2>Users</h2>
      <table>
        <caption className="sr-only">Users</caption>
        <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Roles</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}><td>{u.email}</td><td>{u.displayName}</td><td>{u.roles.join(', ')}</td>
              <td><button type="button" className="danger" onClick={() => attempt(() => del(`/api/users/${u.id}`))}>Delete {u.email}</button></td></tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={addUser}>
        <label htmlFor="u-email">Email</label><input id="u-email" type="email" required value={form.email} onChange={set('email')} />
        <label htmlFor="u-name">Name</label><input id="u-name" value={form.displayName} onChange={set('displayName')} />
        <label htmlFor="u-role">Role</label>
        <select id="u-role" value={form.role} onChange={set('role')}><option>admin</option><option>marketer</option><option>sales</option></select>
        <label htmlFor="u-password">Password (empty: generated)</label><input id="u-password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} />
        <button type="submit">Add user</button>
      </form>
      <h2>API keys</h2>
      <ul>{keys.map((k) => (
        <li key={k.id}>{k.name} · created {new Date(k.createdAt).toLocaleString()} <button type="button" className="danger" onClick={() => attempt(() => del(`/api/keys/${k.id}`))}>Revoke {k.name}</button></li>
      ))}</ul>
      <form className="inline-form" onSubmit={addKey}>
        <label htmlFor="k-name">Key name</label><input id="k-name" required value={keyName} onChange={(e) => setKeyName(e.target.value)} />
        <button type="submit">Create key</button>
      </form>
      <Settings />
    </>
  );
}

import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { queryClient } from '../api/queries';
import { LoadError } from '../components/Notice';
import { Settings } from '../components/SettingsEditor';

type UserForm = { email: string; displayName: string; role: string; password: string };
const emptyUser: UserForm = { email: '', displayName: '', role: 'marketer', password: '' };

export function Admin() {
  const users = useQuery({ queryKey: ['users'], queryFn: ({ signal }) => unwrap(api.GET('/api/users', { signal })) });
  const keys = useQuery({ queryKey: ['keys'], queryFn: ({ signal }) => unwrap(api.GET('/api/keys', { signal })) });
  const scopes = useQuery({ queryKey: ['key-scopes'], queryFn: ({ signal }) => unwrap(api.GET('/api/keys/scopes', { signal })) });
  const [form, setForm] = useState<UserForm>(emptyUser);
  const [keyName, setKeyName] = useState('');
  const [keyScopes, setKeyScopes] = useState<string[]>([]);
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function attempt(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['users'] }), queryClient.invalidateQueries({ queryKey: ['keys'] })]);
    } catch (e) {
      setError(e instanceof ApiError ? e.messages.join(' ') : messageOf(e));
    }
  }

  const addUser = (e: FormEvent) => { e.preventDefault(); attempt(async () => {
    const created = await unwrap(api.POST('/api/users', { body: { ...form, password: form.password || null } }));
    setShown(created.password ? `Password for ${created.user.email} (shown once): ${created.password}` : `Created ${created.user.email}.`);
    setForm(emptyUser);
  }); };
  const addKey = (e: FormEvent) => { e.preventDefault(); attempt(async () => {
    const created = await unwrap(api.POST('/api/keys', { body: { name: keyName, scopes: keyScopes } }));
    setShown(`API key "${created.name}" (${created.scopes.join(', ')}; shown once): ${created.key}`);
    setKeyName('');
    setKeyScopes([]);
  }); };

  const toggleScope = (scope: string, on: boolean) => setKeyScopes(on ? [...keyScopes, scope] : keyScopes.filter((s) => s !== scope));
  const set = (key: keyof UserForm) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  return (
    <>
      <h1>Administration</h1>
      {error && <p className="error" role="alert">{error}</p>}
      <LoadError error={users.error ?? keys.error} />
      {shown && <p className="ok secret" role="status">{shown}</p>}
      <h2>Users</h2>
      <table>
        <caption className="sr-only">Users</caption>
        <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Roles</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <tr key={u.id}><td>{u.email}</td><td>{u.displayName}</td><td>{u.roles.join(', ')}</td>
              <td><button type="button" className="danger"
                onClick={() => attempt(() => unwrap(api.DELETE('/api/users/{id}', { params: { path: { id: u.id } } })))}>Delete {u.email}</button></td></tr>
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
      <ul>{(keys.data ?? []).map((k) => (
        <li key={k.id}>{k.name} · {k.scopes.join(', ')} · created {new Date(k.createdAt).toLocaleString()} <button type="button" className="danger"
          onClick={() => attempt(() => unwrap(api.DELETE('/api/keys/{id}', { params: { path: { id: k.id } } })))}>Revoke {k.name}</button></li>
      ))}</ul>
      <form className="inline-form" onSubmit={addKey}>
        <label htmlFor="k-name">Key name</label><input id="k-name" required value={keyName} onChange={(e) => setKeyName(e.target.value)} />
        <fieldset>
          <legend>What the key may do</legend>
          {(scopes.data ?? []).map((s) => (
            <label key={s.name} title={s.description}>
              <input type="checkbox" checked={keyScopes.includes(s.name)} onChange={(e) => toggleScope(s.name, e.target.checked)} /> {s.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={keyScopes.length === 0}>Create key</button>
      </form>
      <Settings />
    </>
  );
}

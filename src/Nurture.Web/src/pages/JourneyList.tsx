import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { journeysQuery } from '../api/queries';
import { LoadError } from '../components/Notice';
import { Link, navigate } from '../router';

export function JourneyList() {
  const { data, error } = useQuery(journeysQuery);
  const [id, setId] = useState('');
  const [name, setName] = useState('');

  function create(e: FormEvent) {
    e.preventDefault();
    navigate(`/journeys/${encodeURIComponent(id)}?name=${encodeURIComponent(name)}`);
  }

  if (!data) return error ? <LoadError error={error} /> : <p className="loading">Loading…</p>;
  return (
    <>
      <h1>Journeys</h1>
      <table>
        <caption className="sr-only">Journeys and their status</caption>
        <thead><tr><th scope="col">Journey</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Triggers</th><th scope="col">Activities</th></tr></thead>
        <tbody>
          {data.journeys.map((j) => (
            <tr key={j.id}>
              <td><Link to={`/journeys/${encodeURIComponent(j.id)}`}>{j.name}</Link> <span className="muted">{j.id}</span></td>
              <td>{j.status}{j.hasDraft ? ' · draft' : ''}</td>
              <td>{j.version ?? '—'}</td>
              <td>{(j.triggers ?? []).join(', ')}</td>
              <td>{j.activities}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.errors.length > 0 && (
        <section>
          <h2>Journeys not loaded</h2>
          <ul>{data.errors.map((e, i) => <li key={i} className="error">{e.text}</li>)}</ul>
        </section>
      )}
      <h2>New journey</h2>
      <form className="inline-form" onSubmit={create}>
        <label htmlFor="new-id">Id</label>
        <input id="new-id" required pattern="[a-z0-9][a-z0-9\-]*" title="lower-case letters, digits and dashes" value={id} onChange={(e) => setId(e.target.value)} />
        <label htmlFor="new-name">Name</label>
        <input id="new-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Create</button>
      </form>
    </>
  );
}

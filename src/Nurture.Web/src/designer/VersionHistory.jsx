import { useEffect, useState } from 'react';
import { get } from '../api.js';

/** Published versions, the diff between two of them, and the Elsa import. */
export function VersionHistory({ id, version, onImport }) {
  const [versions, setVersions] = useState([]);
  const [diff, setDiff] = useState(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  useEffect(() => {
    if (!version) return;
    get(`/api/journeys/${encodeURIComponent(id)}/versions`).then((rows) => {
      setVersions(rows);
      setFrom(String(rows.length > 1 ? rows[rows.length - 2].version : rows[0].version));
      setTo(String(rows[rows.length - 1].version));
    }).catch(() => setVersions([]));
  }, [id, version]);

  async function compare() {
    setDiff(await get(`/api/journeys/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`));
  }

  return (
    <section className="versions">
      <h2>Versions</h2>
      {versions.length === 0 && <p className="muted">Not published yet.</p>}
      <ul>
        {versions.map((v) => <li key={v.version}>v{v.version} · {new Date(v.publishedAt).toLocaleString()} · {v.source}</li>)}
      </ul>
      {versions.length > 1 && (
        <div className="inline-form">
          <label htmlFor="diff-from">From</label>
          <select id="diff-from" value={from} onChange={(e) => setFrom(e.target.value)}>{versions.map((v) => <option key={v.version}>{v.version}</option>)}</select>
          <label htmlFor="diff-to">to</label>
          <select id="diff-to" value={to} onChange={(e) => setTo(e.target.value)}>{versions.map((v) => <option key={v.version}>{v.version}</option>)}</select>
          <button type="button" className="secondary" onClick={compare}>Diff</button>
        </div>
      )}
      {diff && <pre className="diff">{JSON.stringify(diff, null, 2)}</pre>}
      <label htmlFor="elsa-import">Import an Elsa 3 workflow (JSON)</label>
      <input id="elsa-import" type="file" accept="application/json,.json" onChange={(e) => e.target.files[0] && onImport(e.target.files[0])} />
    </section>
  );
}

import { useEffect, useEffectEvent, useState } from 'react';
import { get, post } from '../api.js';

/** Upload a CSV, map its columns to lead fields, then follow the import's progress and its line errors. */
export function CsvImport({ onDone }) {
  const [csv, setCsv] = useState(null);
  const [preview, setPreview] = useState(null);
  const [mapping, setMapping] = useState({});
  const [job, setJob] = useState(null);
  const [error, setError] = useState(null);

  async function choose(file) {
    setError(null); setJob(null);
    const text = await file.text();
    try {
      const p = await post('/api/leads/import/preview', { csv: text });
      setCsv(text); setPreview(p); setMapping(p.suggested);
    } catch (e) { setError(e.message); }
  }

  async function start() {
    try { setJob(await post('/api/leads/import', { csv, mapping })); } catch (e) { setError(e.message); }
  }

  // The parent's latest onDone, without restarting the poll when it passes a new one.
  const finished = useEffectEvent(() => onDone?.());
  useEffect(() => {
    if (!job || job.finished) return undefined;
    const timer = setInterval(async () => {
      const current = await get(`/api/leads/import/${job.id}`);
      setJob(current);
      if (current.finished) finished();
    }, 500);
    return () => clearInterval(timer);
  }, [job]);

  return (
    <section className="csv-import" aria-labelledby="import-h">
      <h2 id="import-h">Import leads from CSV</h2>
      <label htmlFor="csv-file">CSV file (first line: column names)</label>
      <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => e.target.files[0] && choose(e.target.files[0])} />
      {error && <p className="error" role="alert">{error}</p>}
      {preview && !job && (
        <>
          <table>
            <caption>Map each column ({preview.rows} row(s))</caption>
            <thead><tr><th scope="col">Column</th><th scope="col">Example</th><th scope="col">Lead field</th></tr></thead>
            <tbody>
              {preview.columns.map((column, i) => (
                <tr key={column}>
                  <th scope="row">{column}</th>
                  <td>{preview.sample[0]?.[i]}</td>
                  <td>
                    <label htmlFor={`map-${i}`} className="sr-only">Field for {column}</label>
                    <select id={`map-${i}`} value={mapping[column] ?? ''} onChange={(e) => setMapping({ ...mapping, [column]: e.target.value })}>
                      <option value="">(skip)</option>
                      {preview.fields.map((f) => <option key={f} value={f}>{f}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={start}>Import {preview.rows} lead(s)</button>
        </>
      )}
      {job && (
        <div role="status">
          <progress max={job.total} value={job.processed} aria-label="Import progress" /> {job.processed} / {job.total}
          {' '}· created {job.created} · updated {job.updated} · failed {job.failed}{job.finished ? ' · done' : ''}
          {job.errors.length > 0 && <ul>{job.errors.map((e, i) => <li key={i} className="error">line {e.line}, {e.field}: {e.message}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, messageOf, unwrap, type Schemas } from '../api/client';

/** Upload a CSV, map its columns to lead fields, then follow the import's progress and its line errors. */
export function CsvImport({ onDone }: { onDone?: () => void }) {
  const [csv, setCsv] = useState<File | null>(null);
  const [preview, setPreview] = useState<Schemas['ImportPreview'] | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The file goes up as it is (text/csv): the server streams it to disk instead of holding it in memory.
  const asCsv = { bodySerializer: (file: unknown) => file as File, headers: { 'Content-Type': 'text/csv' } };

  async function choose(file: File) {
    setError(null); setJobId(null);
    try {
      const p = await unwrap(api.POST('/api/leads/import/csv/preview', { body: file as unknown as string, ...asCsv }));
      setCsv(file); setPreview(p); setMapping(p.suggested);
    } catch (e) { setError(messageOf(e)); }
  }

  async function start() {
    if (!csv) return;
    try {
      const started = await unwrap(api.POST('/api/leads/import/csv', { params: { query: { mapping: JSON.stringify(mapping) } }, body: csv as unknown as string, ...asCsv }));
      setJobId(started.id);
    } catch (e) { setError(messageOf(e)); }
  }

  // Polled until the import finishes; then the page's lists reload once.
  const { data: job } = useQuery({
    queryKey: ['import', jobId],
    enabled: jobId !== null,
    queryFn: async ({ signal }) => {
      const current = await unwrap(api.GET('/api/leads/import/{id}', { params: { path: { id: jobId! } }, signal }));
      if (current.finished) onDone?.();
      return current;
    },
    refetchInterval: (query) => (query.state.data?.finished ? false : 500),
  });

  return (
    <section className="csv-import" aria-labelledby="import-h">
      <h2 id="import-h">Import leads from CSV</h2>
      <label htmlFor="csv-file">CSV file (first line: column names)</label>
      <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => { const file = e.target.files?.[0]; if (file) choose(file); }} />
      {error && <p className="error" role="alert">{error}</p>}
      {preview && !jobId && (
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
          {job.errors && job.errors.length > 0 && <ul>{job.errors.map((e, i) => <li key={i} className="error">line {e.line}, {e.field}: {e.message}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}

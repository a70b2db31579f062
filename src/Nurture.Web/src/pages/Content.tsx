// The content library: every asset with its metadata, upload and replace (earlier versions kept), and the
// content-by-stage report with the library's gaps.
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, messageOf, unwrap, type Schemas } from '../api/client';
import { queryClient } from '../api/queries';
import { LoadError, Notice, type Message } from '../components/Notice';

type Metadata = Schemas['AssetMetadata'];
type Format = NonNullable<Metadata['format']>;
type Stage = NonNullable<Metadata['stage']>;

const FORMATS: Format[] = ['blog', 'ebook', 'whitepaper', 'technical-article', 'video', 'webinar', 'case-study'];
const STAGES: Stage[] = ['awareness', 'consideration', 'decision'];

const assetsQuery = {
  queryKey: ['assets'],
  queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET('/api/assets', { signal })),
};

const reportQuery = {
  queryKey: ['reports', 'content'],
  queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET('/api/reports/content', { signal })),
};

/** A file goes up as its bytes; the server types it by its name. */
const asFile = { bodySerializer: (file: unknown) => file as File, headers: { 'Content-Type': 'application/octet-stream' } };

export function Content() {
  const { data, error } = useQuery(assetsQuery);
  const [selected, setSelected] = useState<string | null>(null);
  const [upload, setUpload] = useState<File | null>(null);
  const [message, setMessage] = useState<Message | null>(null);

  async function uploadFile(e: FormEvent) {
    e.preventDefault();
    if (!upload) return;
    try {
      const saved = await unwrap(api.PUT('/api/assets/{name}/file', { params: { path: { name: upload.name } }, body: upload as unknown as string, ...asFile }));
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      setSelected(saved.name);
      setMessage({ kind: 'ok', text: `Uploaded ${saved.name} (version ${saved.fileVersions[0]?.version}).` });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.messages.join(' ') : messageOf(err) });
    }
  }

  if (!data) return error ? <LoadError error={error} /> : <p className="loading">Loading…</p>;
  return (
    <>
      <h1>Content</h1>
      <table>
        <caption className="sr-only">Content library</caption>
        <thead><tr><th scope="col">Asset</th><th scope="col">Title</th><th scope="col">Format</th><th scope="col">Stage</th><th scope="col">Topics</th><th scope="col">Kind</th></tr></thead>
        <tbody>
          {data.map((a) => (
            <tr key={a.name}>
              <td><button type="button" className="link" onClick={() => setSelected(a.name)}>{a.name}</button></td>
              <td>{a.title}</td><td>{a.metadata.format ?? '—'}</td><td>{a.metadata.stage ?? '—'}</td>
              <td>{(a.metadata.topics ?? []).join(', ') || '—'}</td><td>{a.hasFile ? (a.metadata.gated ? 'file, gated' : 'file') : 'page'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={uploadFile}>
        <label htmlFor="asset-upload">Upload a file</label>
        <input id="asset-upload" type="file" onChange={(e) => setUpload(e.target.files?.[0] ?? null)} />
        <button type="submit" disabled={!upload}>Upload</button>
      </form>
      <Notice message={message} />
      {selected && <AssetEditor key={selected} name={selected} />}
      <ContentReport />
    </>
  );
}

function AssetEditor({ name }: { name: string }) {
  const path = { params: { path: { name } } };
  const { data, error, refetch } = useQuery({
    queryKey: ['assets', name],
    queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET('/api/assets/{name}', { ...path, signal })),
  });
  const [meta, setMeta] = useState<Metadata | null>(null);
  const [topics, setTopics] = useState(''); // as typed: split into topics when saved
  const [replacement, setReplacement] = useState<File | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  useEffect(() => {
    if (data && !meta) { setMeta(data.metadata); setTopics((data.metadata.topics ?? []).join(', ')); }
  }, [data, meta]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!meta) return;
    setErrors([]);
    try {
      const body = { ...meta, topics: topics.split(',').map((t) => t.trim()).filter(Boolean) };
      await unwrap(api.PUT('/api/assets/{name}/metadata', { ...path, body }));
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setErrors(err instanceof ApiError ? err.messages : [messageOf(err)]);
      setMessage({ kind: 'error', text: 'Not saved.' });
    }
  }

  async function replace() {
    if (!replacement) return;
    try {
      const saved = await unwrap(api.PUT('/api/assets/{name}/file', { ...path, body: replacement as unknown as string, ...asFile }));
      await refetch();
      setMessage({ kind: 'ok', text: `Replaced: version ${saved.fileVersions[0]?.version} is in force, the earlier ones are kept.` });
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
    }
  }

  if (!data || !meta) return error ? <LoadError error={error} /> : <p className="loading">Loading…</p>;
  const set = (change: Partial<Metadata>) => setMeta({ ...meta, ...change });
  return (
    <section aria-labelledby="asset-h" className="asset-editor">
      <h2 id="asset-h">{name}</h2>
      <form onSubmit={save}>
        <label htmlFor="asset-title">Title</label>
        <input id="asset-title" value={meta.title ?? ''} onChange={(e) => set({ title: e.target.value || null })} />
        <label htmlFor="asset-format">Format</label>
        <select id="asset-format" value={meta.format ?? ''} onChange={(e) => set({ format: (e.target.value || null) as Format | null })}>
          <option value="">—</option>
          {FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
        </select>
        <label htmlFor="asset-stage">Funnel stage</label>
        <select id="asset-stage" value={meta.stage ?? ''} onChange={(e) => set({ stage: (e.target.value || null) as Stage | null })}>
          <option value="">—</option>
          {STAGES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <label htmlFor="asset-topics">Topics (comma-separated)</label>
        <input id="asset-topics" value={topics} onChange={(e) => setTopics(e.target.value)} />
        <label htmlFor="asset-url">Landing page</label>
        <input id="asset-url" type="url" value={meta.url ?? ''} onChange={(e) => set({ url: e.target.value || null })} />
        <label htmlFor="asset-summary">Summary</label>
        <textarea id="asset-summary" rows={2} value={meta.summary ?? ''} onChange={(e) => set({ summary: e.target.value || null })} />
        <label className="inline"><input type="checkbox" checked={meta.gated} onChange={(e) => set({ gated: e.target.checked })} /> Gated behind a form</label>
        <button type="submit">Save metadata</button>
      </form>
      <Notice message={message} />
      {errors.length > 0 && <ul aria-label="Metadata errors">{errors.map((e) => <li key={e} className="error">{e}</li>)}</ul>}
      {data.hasFile && (
        <>
          <h3>File versions</h3>
          <ol reversed aria-label="File versions">
            {data.fileVersions.map((v) => (
              <li key={v.version}>
                <a href={`/api/assets/${encodeURIComponent(name)}/file?version=${v.version}`}>version {v.version}</a>: {v.size} bytes, {new Date(v.savedAt).toLocaleString()} by {v.source}
              </li>
            ))}
          </ol>
          <label htmlFor="asset-replace">Replace the file</label>
          <input id="asset-replace" type="file" onChange={(e) => setReplacement(e.target.files?.[0] ?? null)} />
          <button type="button" className="secondary" disabled={!replacement} onClick={replace}>Replace</button>
        </>
      )}
    </section>
  );
}

function ContentReport() {
  const { data, error } = useQuery(reportQuery);
  if (!data) return error ? <LoadError error={error} /> : <p className="loading">Loading…</p>;
  const cell = (row?: Schemas['StageRow']) => (row && row.consumed > 0 ? `${row.consumed} (${row.movedOn} moved on${row.open ? `, ${row.open} open` : ''})` : '—');
  return (
    <section aria-labelledby="content-report-h">
      <h2 id="content-report-h">Content by funnel stage</h2>
      <p>Leads that consumed each asset in each stage, and how many of them moved on within 30 days (last 90 days).</p>
      <table>
        <caption className="sr-only">Content by funnel stage</caption>
        <thead>
          <tr><th scope="col">Asset</th><th scope="col">Leads</th><th scope="col">Downloads</th><th scope="col">Page views</th>
            {STAGES.map((s) => <th scope="col" key={s}>{s}</th>)}</tr>
        </thead>
        <tbody>
          {data.assets.map((a) => (
            <tr key={a.name}>
              <td>{a.title}</td><td>{a.leads}</td><td>{a.downloads}</td><td>{a.pageViews}</td>
              {STAGES.map((s) => <td key={s}>{cell(a.byStage.find((r) => r.stage === s))}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Gaps</h3>
      {data.gaps.length === 0 ? <p>No gaps: every stage has content in the formats its leads answer to.</p> : (
        <ul aria-label="Content gaps">{data.gaps.map((g) => <li key={`${g.stage}-${g.format}`}>{g.message}</li>)}</ul>
      )}
    </section>
  );
}

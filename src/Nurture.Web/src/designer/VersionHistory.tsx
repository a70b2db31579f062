import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, messageOf, unwrap, type Schemas } from '../api/client';

type Version = Schemas['VersionSummary'];
type Diff = Schemas['JourneyDiff'];

/** Published versions, the diff between two of them (marked on the canvas), moving waiting leads, and the Elsa import. */
export function VersionHistory({ id, version, onImport, onDiff }: {
  id: string; version: number | null; onImport: (file: File) => void; onDiff: (diff: Diff) => void;
}) {
  const { data: versions = [] } = useQuery({
    queryKey: ['journey-versions', id, version],
    enabled: !!version,
    queryFn: ({ signal }) => unwrap(api.GET('/api/journeys/{id}/versions', { params: { path: { id } }, signal })),
  });
  const [diff, setDiff] = useState<Diff | null>(null);
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  // Until the marketer picks: the last two versions.
  const from = picked.from ?? String(versions.at(-2)?.version ?? versions.at(0)?.version ?? '');
  const to = picked.to ?? String(versions.at(-1)?.version ?? '');

  async function compare() {
    const result = await unwrap(api.GET('/api/journeys/{id}/diff', { params: { path: { id }, query: { from: Number(from), to: Number(to) } } }));
    setDiff(result);
    onDiff(result);
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
          <select id="diff-from" value={from} onChange={(e) => setPicked({ ...picked, from: e.target.value })}>{versions.map((v) => <option key={v.version}>{v.version}</option>)}</select>
          <label htmlFor="diff-to">to</label>
          <select id="diff-to" value={to} onChange={(e) => setPicked({ ...picked, to: e.target.value })}>{versions.map((v) => <option key={v.version}>{v.version}</option>)}</select>
          <button type="button" className="secondary" onClick={compare}>Diff</button>
        </div>
      )}
      {diff && <DiffSummary diff={diff} from={from} to={to} />}
      {versions.length > 1 && <Migration id={id} versions={versions} />}
      <label htmlFor="elsa-import">Import an Elsa 3 workflow (JSON)</label>
      <input id="elsa-import" type="file" accept="application/json,.json" onChange={(e) => { const file = e.target.files?.[0]; if (file) onImport(file); }} />
    </section>
  );
}

/** The diff in words; the canvas marks the added and changed steps. */
function DiffSummary({ diff, from, to }: { diff: Diff; from: string; to: string }) {
  const lines = ([
    ['Added', diff.activitiesAdded], ['Removed', diff.activitiesRemoved], ['Changed', diff.activitiesChanged.map((c) => c.id)],
    ['Connections added', diff.connectionsAdded], ['Connections removed', diff.connectionsRemoved],
  ] as [string, string[]][]).filter(([, items]) => items.length > 0);
  return (
    <div className="diff-summary" data-testid="diff-summary">
      <h3>v{from} → v{to}</h3>
      {lines.length === 0 && !diff.triggersChanged && !diff.settingsChanged && <p className="muted">No change in the steps.</p>}
      <ul>
        {lines.map(([label, items]) => <li key={label}><b>{label}:</b> {items.join(', ')}</li>)}
        {diff.triggersChanged && <li><b>Triggers changed</b></li>}
        {diff.settingsChanged && <li><b>Settings changed</b></li>}
      </ul>
    </div>
  );
}

/** Leads waiting on an older version, node by node, each mapped to a node of the newest version, then moved. */
function Migration({ id, versions }: { id: string; versions: Version[] }) {
  const latest = versions[versions.length - 1].version;
  const [from, setFrom] = useState(String(versions[versions.length - 2].version));
  const [plan, setPlan] = useState<Schemas['MigrationPlan'] | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ text?: string; error?: string } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setResult(null);
    unwrap(api.GET('/api/journeys/{id}/migration', { params: { path: { id }, query: { from: Number(from), to: latest } }, signal: controller.signal })).then((p) => {
      setPlan(p);
      setMapping(Object.fromEntries(p.waiting.map((w) => [w.activityId, w.suggested ?? ''])));
    }).catch((e) => { if (!controller.signal.aborted) setResult({ error: messageOf(e) }); });
    return () => controller.abort();
  }, [id, from, latest]);

  const total = plan?.waiting.reduce((n, w) => n + w.count, 0) ?? 0;
  const complete = plan && plan.waiting.every((w) => mapping[w.activityId]);
  async function migrate() {
    try {
      const moved = await unwrap(api.POST('/api/journeys/{id}/migrate', { params: { path: { id } }, body: { fromVersion: Number(from), toVersion: latest, mapping } }));
      setResult({ text: `Moved ${moved.moved} lead(s) to v${latest}.` });
      setPlan(plan && { ...plan, waiting: [] });
    } catch (e) { setResult({ error: messageOf(e) }); }
  }

  return (
    <div className="migration">
      <h3>Move waiting leads to v{latest}</h3>
      <div className="inline-form">
        <label htmlFor="migrate-from">Leads waiting on</label>
        <select id="migrate-from" value={from} onChange={(e) => setFrom(e.target.value)}>
          {versions.filter((v) => v.version !== latest).map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}
        </select>
      </div>
      {plan && plan.waiting.length === 0 && <p className="muted">No lead waits on v{from}.</p>}
      {plan && plan.waiting.length > 0 && (
        <table>
          <caption className="sr-only">Where leads wait, and where they go</caption>
          <thead><tr><th scope="col">Waiting at</th><th scope="col">Leads</th><th scope="col">Goes to</th></tr></thead>
          <tbody>
            {plan.waiting.map((w) => (
              <tr key={w.activityId} data-testid={`migrate-${w.activityId}`}>
                <td>{w.activityId} <span className="muted">{w.type}</span></td>
                <td>{w.count}</td>
                <td>
                  <label htmlFor={`map-${w.activityId}`} className="sr-only">Move the leads at {w.activityId} to</label>
                  <select id={`map-${w.activityId}`} value={mapping[w.activityId] ?? ''} onChange={(e) => setMapping({ ...mapping, [w.activityId]: e.target.value })}>
                    <option value="">(choose a step)</option>
                    {plan.targets.map((t) => <option key={t.id} value={t.id}>{t.id} ({t.type})</option>)}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {plan && plan.waiting.length > 0 && (
        <button type="button" onClick={migrate} disabled={!complete}>Move {total} lead(s) to v{latest}</button>
      )}
      {result?.text && <p role="status">{result.text}</p>}
      {result?.error && <p className="error" role="alert">{result.error}</p>}
    </div>
  );
}

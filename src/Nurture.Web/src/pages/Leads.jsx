import { useState } from 'react';
import { api, get } from '../api.js';
import { Link } from '../router.js';
import { CsvImport } from '../components/CsvImport.jsx';
import { SettingsEditor } from '../components/SettingsEditor.jsx';
import { pause, useLoad } from '../useLoad.js';
import { StageOptions, stageLabel } from '../stages.jsx';


export function Leads() {
  const [filters, setFilters] = useState({ q: '', stage: '', minScore: '', tag: '', journey: '', field: '', value: '' });

  const [reload, setReload] = useState(0);

  const journeys = useLoad(() => get('/api/journeys').then((j) => j.journeys), []).data ?? [];
  const customFields = useLoad(() => get('/api/fields').then((f) => f.fields), [reload]).data ?? [];
  // A custom field filters only once it has a value to match.
  const query = new URLSearchParams(Object.entries(filters).filter(([k, v]) => v !== '' && !(k === 'field' && filters.value === '') && !(k === 'value' && filters.field === '')));
  // One request when typing pauses; an older query's late answer never replaces a newer one.
  const { data: result, error } = useLoad(() => pause(200).then(() => get(`/api/leads?${query}`)), [query.toString(), reload]);

  const set = (key) => (e) => setFilters({ ...filters, [key]: e.target.value });
  return (
    <>
      <h1>Leads</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="f-q">Search</label>
        <input id="f-q" type="search" value={filters.q} placeholder="name, email, company" onChange={set('q')} />
        <label htmlFor="f-stage">Stage</label>
        <select id="f-stage" value={filters.stage} onChange={set('stage')}><option value="">any</option>
          <StageOptions /></select>
        <label htmlFor="f-score">Quality at least</label>
        <input id="f-score" type="number" min="0" max="100" value={filters.minScore} onChange={set('minScore')} />
        <label htmlFor="f-tag">Tag</label>
        <input id="f-tag" value={filters.tag} onChange={set('tag')} />
        <label htmlFor="f-journey">Journey</label>
        <select id="f-journey" value={filters.journey} onChange={set('journey')}>
          <option value="">any</option>
          {journeys.map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
        </select>
        {customFields.length > 0 && (
          <>
            <label htmlFor="f-field">Field</label>
            <select id="f-field" value={filters.field} onChange={set('field')}>
              <option value="">none</option>
              {customFields.map((f) => <option key={f.name} value={f.name}>{f.label ?? f.name}</option>)}
            </select>
            <label htmlFor="f-value">equals</label>
            <input id="f-value" value={filters.value} onChange={set('value')} />
          </>
        )}
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {result && (
        <table>
          <caption>{result.total} lead(s){result.total > result.leads.length ? `, first ${result.leads.length} shown` : ''}</caption>
          <thead><tr><th scope="col">Lead</th><th scope="col">Company</th><th scope="col">Stage</th><th scope="col">Quality</th><th scope="col">Engagement</th><th scope="col">Tags</th></tr></thead>
          <tbody>
            {result.leads.map((l) => (
              <tr key={l.id}>
                <td><Link to={`/leads/${l.id}`}>{l.name || l.email}</Link> <span className="muted">{l.email}</span></td>
                <td>{l.company}</td><td>{stageLabel(l.stage)}</td><td>{l.qualityScore}</td><td>{l.engagementScore}</td><td>{l.tags.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CsvImport onDone={() => setReload((r) => r + 1)} />
      <details>
        <summary>Custom fields ({customFields.length})</summary>
        <p className="muted">Each field: a camelCase <code>name</code> (fields.NAME in conditions, lead.fields.snake_name in templates), a <code>label</code>,
          a <code>type</code> (text, number, date, boolean, choice) and, for a choice, its <code>options</code>.</p>
        <SettingsEditor id="fields-json" title="Custom fields" load={() => get('/api/fields')}
          save={async (body) => { const saved = await api('PUT', '/api/fields', body); setReload((r) => r + 1); return saved; }} />
      </details>
    </>
  );
}

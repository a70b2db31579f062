import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type BodyOf } from '../api/client';
import { journeysQuery, queryClient } from '../api/queries';
import { Link } from '../router';
import { CsvImport } from '../components/CsvImport';
import { LoadError } from '../components/Notice';
import { SettingsEditor } from '../components/SettingsEditor';
import { StageOptions, stageLabel } from '../stages';
import { useDebounced } from '../useDebounced';

type Filters = { q: string; stage: string; minScore: string; tag: string; journey: string; field: string; value: string };

export function Leads() {
  const [filters, setFilters] = useState<Filters>({ q: '', stage: '', minScore: '', tag: '', journey: '', field: '', value: '' });

  const journeys = useQuery(journeysQuery).data?.journeys ?? [];
  const customFields = useQuery({ queryKey: ['fields'], queryFn: ({ signal }) => unwrap(api.GET('/api/fields', { signal })) }).data?.fields ?? [];
  // A custom field filters only once it has a value to match.
  const query = new URLSearchParams(Object.entries(filters)
    .filter(([k, v]) => v !== '' && !(k === 'field' && filters.value === '') && !(k === 'value' && filters.field === '')));
  // One request when typing pauses; each query is its own entry, so an older query's late answer never
  // replaces a newer one, and the request no longer wanted is cancelled.
  const asked = Object.fromEntries(new URLSearchParams(useDebounced(query.toString(), 200)));
  const { data: result, error } = useQuery({
    queryKey: ['leads', asked],
    queryFn: ({ signal }) => unwrap(api.GET('/api/leads', { params: { query: asked }, signal })),
    placeholderData: keepPreviousData,
  });
  const reload = () => queryClient.invalidateQueries({ queryKey: ['leads'] });

  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value });
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
      <LoadError error={error} />
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
      <CsvImport onDone={reload} />
      <details>
        <summary>Custom fields ({customFields.length})</summary>
        <p className="muted">Each field: a camelCase <code>name</code> (fields.NAME in conditions, lead.fields.snake_name in templates), a <code>label</code>,
          a <code>type</code> (text, number, date, boolean, choice) and, for a choice, its <code>options</code>.</p>
        <SettingsEditor id="fields-json" title="Custom fields" load={() => unwrap(api.GET('/api/fields'))}
          save={async (body: BodyOf<'/api/fields', 'put'>) => {
            const saved = await unwrap(api.PUT('/api/fields', { body }));
            await queryClient.invalidateQueries({ queryKey: ['fields'] });
            return saved;
          }} />
      </details>
    </>
  );
}

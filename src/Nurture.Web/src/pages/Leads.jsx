import { useEffect, useState } from 'react';
import { get } from '../api.js';
import { Link } from '../router.js';
import { CsvImport } from '../components/CsvImport.jsx';
import { STAGES, stageLabel } from '../stages.js';


export function Leads() {
  const [filters, setFilters] = useState({ q: '', stage: '', minScore: '', tag: '', journey: '' });
  const [result, setResult] = useState(null);
  const [journeys, setJourneys] = useState([]);
  const [reload, setReload] = useState(0);

  useEffect(() => { get('/api/journeys').then((j) => setJourneys(j.journeys)); }, []);
  useEffect(() => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
    const timer = setTimeout(() => get(`/api/leads?${query}`).then(setResult), 200);
    return () => clearTimeout(timer);
  }, [filters, reload]);

  const set = (key) => (e) => setFilters({ ...filters, [key]: e.target.value });
  return (
    <>
      <h1>Leads</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="f-q">Search</label>
        <input id="f-q" type="search" value={filters.q} placeholder="name, email, company" onChange={set('q')} />
        <label htmlFor="f-stage">Stage</label>
        <select id="f-stage" value={filters.stage} onChange={set('stage')}><option value="">any</option>
          {STAGES.map((s) => <option key={s} value={s}>{stageLabel(s)}</option>)}</select>
        <label htmlFor="f-score">Quality at least</label>
        <input id="f-score" type="number" min="0" max="100" value={filters.minScore} onChange={set('minScore')} />
        <label htmlFor="f-tag">Tag</label>
        <input id="f-tag" value={filters.tag} onChange={set('tag')} />
        <label htmlFor="f-journey">Journey</label>
        <select id="f-journey" value={filters.journey} onChange={set('journey')}>
          <option value="">any</option>
          {journeys.map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
        </select>
      </form>
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
    </>
  );
}

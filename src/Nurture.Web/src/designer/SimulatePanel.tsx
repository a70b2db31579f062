import { useState, type FormEvent } from 'react';
import { api, messageOf, unwrap, type Schemas } from '../api/client';
import { ChartView } from '../components/ChartView';

export type Simulation = Schemas['SimulationAnswer'];

const HORIZONS = [['P30D', '30 days'], ['P90D', '3 months'], ['P6M', '6 months'], ['P12M', '12 months']] as const;

/** A figure's range over the runs, as shown beside the first run's value. */
const range = (s: Schemas['Spread']) => `runs: ${s.min === s.max ? s.min : `${s.min}–${s.max}`}`;

/**
 * Simulates the journey on the canvas (saved as the draft first) for made-up leads: the counts land on the
 * steps, and this panel shows the emails, the MQLs, the handoffs per rep and week, and what got stuck.
 */
export function SimulatePanel({ id, beforeRun, result, onResult }: {
  id: string; beforeRun: () => Promise<void>; result: Simulation | null; onResult: (answer: Simulation | null) => void;
}) {
  const [count, setCount] = useState(500);
  const [horizon, setHorizon] = useState<string>('P90D');
  const [seed, setSeed] = useState(1);
  const [runs, setRuns] = useState(3);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function simulate(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await beforeRun();
      onResult(await unwrap(api.POST('/api/journeys/{id}/simulate', {
        params: { path: { id } },
        body: { population: { synthetic: { count } }, horizon, seed, runs },
      })));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="simulate" aria-label="Simulate">
      <h2>Simulate</h2>
      <form onSubmit={simulate} className="simulate-form">
        <label htmlFor="sim-count">Leads</label>
        <input id="sim-count" type="number" min={1} max={100000} value={count} onChange={(e) => setCount(Number(e.target.value))} />
        <label htmlFor="sim-horizon">Horizon</label>
        <select id="sim-horizon" value={horizon} onChange={(e) => setHorizon(e.target.value)}>
          {HORIZONS.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
        </select>
        <label htmlFor="sim-seed">Seed</label>
        <input id="sim-seed" type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        <label htmlFor="sim-runs">Runs</label>
        <input id="sim-runs" type="number" min={1} max={10} value={runs} onChange={(e) => setRuns(Number(e.target.value))} />
        <button type="submit" disabled={busy} aria-busy={busy}>{busy ? 'Simulating…' : 'Simulate'}</button>
        {result && <button type="button" className="secondary" onClick={() => onResult(null)}>Clear</button>}
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {result && <SimulationSummary answer={result} />}
    </section>
  );
}

function SimulationSummary({ answer }: { answer: Simulation }) {
  const { result, ranges } = answer;
  const weeks = Array.from({ length: result.weeks ?? 0 }, (_, i) => `week ${i + 1}`);
  const stuck = result.steps.filter((s) => s.stuck > 0);
  return (
    <div className="simulation" data-testid="simulation">
      <p>
        {answer.leads} leads, seeds {answer.seeds.join(', ')} ({answer.elapsedSeconds} s). Figures of seed {result.seed}; ranges over all runs.
      </p>
      <dl className="simulation-totals">
        <dt>Emails sent</dt><dd data-testid="sim-emails">{result.emails.sent} <span className="muted">({range(ranges.emailsSent)})</span></dd>
        <dt>Most to one lead in a week</dt><dd>{result.emails.maxPerLeadInAWeek}</dd>
        <dt>Held by the weekly cap</dt><dd>{result.emails.heldByCap}</dd>
        <dt>Held by quiet hours</dt><dd>{result.emails.heldByQuietHours}</dd>
        <dt>MQLs</dt><dd data-testid="sim-mql">{result.mql.crossed} <span className="muted">({range(ranges.mql)})</span>
          {result.mql.medianDays !== null && result.mql.medianDays !== undefined && <> · median {result.mql.medianDays} days</>}</dd>
        <dt>Still waiting at the horizon</dt><dd>{stuck.length === 0 ? 'none' : stuck.map((s) => `${s.id} ${s.stuck}`).join(', ')}</dd>
        <dt>Dead ends</dt><dd data-testid="sim-dead-ends">{result.deadEnds.length === 0 ? 'none'
          : result.deadEnds.map((d) => `${d.step} → ${d.outcome}: ${d.leads}`).join(', ')}</dd>
      </dl>
      <h3>Handoffs per week by rep</h3>
      {result.handoffs.length === 0 ? <p className="muted">No handoffs.</p> : (
        <>
          <ChartView label="Handoffs per week by rep" labels={weeks} stacked
            datasets={result.handoffs.map((r) => ({ label: r.rep, data: r.byWeek }))} />
          <table className="simulation-reps">
            <thead><tr><th>Rep</th><th>Handoffs</th><th>Range</th><th>Peak open</th><th>Capacity</th></tr></thead>
            <tbody>
              {result.handoffs.map((r) => (
                <tr key={r.rep}>
                  <td>{r.rep}</td><td>{r.total}</td><td>{ranges.handoffsByRep[r.rep] ? range(ranges.handoffsByRep[r.rep]) : ''}</td>
                  <td className={r.capacity !== null && r.capacity !== undefined && r.peakOpen > r.capacity ? 'error' : undefined}>{r.peakOpen}</td>
                  <td>{r.capacity ?? 'no limit'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

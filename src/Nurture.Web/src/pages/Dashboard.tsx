import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { ChartView } from '../components/ChartView';
import { LoadError } from '../components/Notice';
import { stageLabel } from '../stages';

const hours = (h: number | null | undefined) => (h == null ? '—' : h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`);
const seconds = (s: number | null | undefined) => (s == null ? '—' : s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);

type Range = { from: string; to: string };

export function Dashboard() {
  // No range until the server says what "the last 30 days" are on its clock; then the marketer's choice.
  const [chosen, setRange] = useState<Range | null>(null);
  const { data, error } = useQuery({
    queryKey: ['dashboard', chosen],
    queryFn: async ({ signal }) => {
      const asked = chosen ? { from: `${chosen.from}T00:00:00Z`, to: `${chosen.to}T23:59:59Z` } : {};
      const emails = await unwrap(api.GET('/api/reports/emails', { params: { query: asked }, signal }));
      const bounds = { params: { query: { from: emails.from, to: emails.to } }, signal };
      const [funnel, speed, matrix] = await Promise.all([
        unwrap(api.GET('/api/funnel', bounds)), unwrap(api.GET('/api/reports/speed-to-lead', bounds)), unwrap(api.GET('/api/reports/matrix', { signal }))]);
      return { emails, funnel, speed, matrix, range: { from: emails.from.slice(0, 10), to: emails.to.slice(0, 10) } };
    },
    placeholderData: keepPreviousData,
  });
  const range = chosen ?? data?.range ?? null;
  const { funnel, emails, speed, matrix } = data ?? {};

  return (
    <>
      <h1>Dashboard</h1>
      {range && (
        <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="d-from">From</label>
          <input id="d-from" type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
          <label htmlFor="d-to">to</label>
          <input id="d-to" type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </form>
      )}
      <LoadError error={error} />
      {funnel && <FunnelSection funnel={funnel} />}
      {matrix && <MatrixSection matrix={matrix} />}
      {emails && <EmailSection rows={emails.rows} />}
      {speed && <SpeedSection speed={speed} />}
      <ExperimentSection />
      {data && <AttributionSection from={data.emails.from} to={data.emails.to} />}
    </>
  );
}

function FunnelSection({ funnel }: { funnel: Schemas['Funnel'] }) {
  return (
    <section aria-labelledby="funnel-h" className="report">
      <h2 id="funnel-h">Funnel by stage</h2>
      <div className="report-body">
        <ChartView label="Leads per stage now and entered in the range" labels={funnel.stages.map((s) => stageLabel(s.stage))}
          datasets={[{ label: 'now', data: funnel.stages.map((s) => s.now) }, { label: 'entered', data: funnel.stages.map((s) => s.entered) }]} />
        <table>
          <caption className="sr-only">Funnel</caption>
          <thead><tr><th scope="col">Stage</th><th scope="col">Now</th><th scope="col">Entered</th><th scope="col">Avg time in stage</th></tr></thead>
          <tbody>{funnel.stages.map((s) => <tr key={s.stage}><th scope="row">{stageLabel(s.stage)}</th><td>{s.now}</td><td>{s.entered}</td><td>{hours(s.averageHours)}</td></tr>)}</tbody>
        </table>
        <table>
          <caption className="sr-only">Conversion between stages</caption>
          <thead><tr><th scope="col">From → to</th><th scope="col">Converted</th><th scope="col">Rate</th></tr></thead>
          <tbody>{funnel.conversions.map((c) => <tr key={`${c.from}-${c.to}`}><th scope="row">{stageLabel(c.from)} → {stageLabel(c.to)}</th><td>{c.converted} / {c.entered}</td><td>{(c.rate * 100).toFixed(0)} %</td></tr>)}</tbody>
        </table>
      </div>
    </section>
  );
}

/** Leads now by fit grade (rows, A best) and engagement level (columns, 1 most engaged): how many, and how many reached sales. */
function MatrixSection({ matrix }: { matrix: Schemas['MatrixFunnel'] }) {
  const grades = matrix.fitBounds.length + 1;
  const levels = matrix.engagementBounds.length + 1;
  const cell = (g: number, l: number) => matrix.cells.find((c) => c.cell === `${String.fromCharCode(65 + g)}${l + 1}`)!;
  const bound = (bounds: number[], i: number) => (i < bounds.length ? `≥ ${bounds[i]}` : `< ${bounds[bounds.length - 1]}`);
  return (
    <section aria-labelledby="matrix-h" className="report">
      <h2 id="matrix-h">Funnel by fit × engagement (now)</h2>
      <table data-testid="matrix">
        <caption>Leads in each cell, and how many are with sales or customers. Fit grades A–D, engagement levels 1–{levels}.</caption>
        <thead>
          <tr><th scope="col">Fit \ engagement</th>{[...Array(levels).keys()].map((l) => <th key={l} scope="col">{l + 1} ({bound(matrix.engagementBounds, l)})</th>)}</tr>
        </thead>
        <tbody>
          {[...Array(grades).keys()].map((g) => (
            <tr key={g}>
              <th scope="row">{String.fromCharCode(65 + g)} ({bound(matrix.fitBounds, g)})</th>
              {[...Array(levels).keys()].map((l) => {
                const c = cell(g, l);
                return <td key={l} data-testid={`cell-${c.cell}`}>{c.leads} leads · {c.withSales + c.customers} with sales{c.customers ? ` · ${c.customers} customers` : ''}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type EmailRow = Schemas['EmailResults'];
type Count = 'sent' | 'delivered' | 'bounced' | 'failed' | 'expired' | 'uniqueOpens' | 'humanOpens' | 'machineOpens' | 'uniqueClicks' | 'clicks' | 'downloads' | 'unsubscribes';

const EMAIL_COLUMNS: [Count, string][] = [
  ['sent', 'Sent'], ['delivered', 'Delivered'], ['bounced', 'Bounced'], ['failed', 'Failed'], ['expired', 'Expired'],
  ['uniqueOpens', 'Leads who opened'], ['humanOpens', 'Human opens'], ['machineOpens', 'Machine opens'],
  ['uniqueClicks', 'Leads who clicked'], ['clicks', 'Clicks'], ['downloads', 'Downloads'], ['unsubscribes', 'Unsubscribes'],
];
// The chart compares emails by what a marketer compares: outcomes and the leads who acted, not raw hits.
const CHARTED: Count[] = ['delivered', 'bounced', 'failed', 'expired', 'uniqueOpens', 'uniqueClicks', 'unsubscribes'];

function EmailSection({ rows }: { rows: EmailRow[] }) {
  return (
    <section aria-labelledby="emails-h" className="report">
      <h2 id="emails-h">Per journey and email</h2>
      <ChartView label="Email results per journey and template" labels={rows.map((r) => `${r.journey ?? '—'} / ${r.template ?? '—'}`)}
        datasets={EMAIL_COLUMNS.filter(([k]) => CHARTED.includes(k)).map(([key, label]) => ({ label, data: rows.map((r) => r[key] ?? 0) }))} />
      <table>
        <caption className="sr-only">Email results</caption>
        <thead><tr><th scope="col">Journey</th><th scope="col">Email</th>{EMAIL_COLUMNS.map(([k, l]) => <th key={k} scope="col">{l}</th>)}</tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.journey}-${r.template}`}><td>{r.journey ?? '—'}</td><td>{r.template ?? '—'}</td>{EMAIL_COLUMNS.map(([k]) => <td key={k}>{r[k]}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SpeedSection({ speed }: { speed: Schemas['SpeedToLead'] }) {
  return (
    <section aria-labelledby="speed-h" className="report">
      <h2 id="speed-h">Speed to lead</h2>
      <p>Median time to notify the rep: <b>{seconds(speed.medianNotifySeconds)}</b> · median time to accept: <b>{seconds(speed.medianAcceptSeconds)}</b> · {speed.handoffs} handoff(s)</p>
      <ChartView type="line" label="Median seconds to notify and to accept, per day" labels={speed.days.map((d) => d.day)}
        datasets={[{ label: 'to notify (s)', data: speed.days.map((d) => d.medianNotifySeconds) }, { label: 'to accept (s)', data: speed.days.map((d) => d.medianAcceptSeconds) }]} />
      <table>
        <caption className="sr-only">Speed to lead per day</caption>
        <thead><tr><th scope="col">Day</th><th scope="col">Handoffs</th><th scope="col">Median to notify</th><th scope="col">Median to accept</th></tr></thead>
        <tbody>{speed.days.map((d) => <tr key={d.day}><th scope="row">{d.day}</th><td>{d.handoffs}</td><td>{seconds(d.medianNotifySeconds)}</td><td>{seconds(d.medianAcceptSeconds)}</td></tr>)}</tbody>
      </table>
    </section>
  );
}

const MODELS: [string, string][] = [['linear', 'Linear'], ['first', 'First touch'], ['last', 'Last touch'], ['time-decay', 'Time decay (7-day half-life)'], ['position', 'Position-based (40/20/40)']];
const CONVERSIONS: [string, string][] = [['', 'MQL, SAL, SQL or customer'], ['Mql', 'MQL'], ['Sal', 'SAL'], ['Sql', 'SQL'], ['Customer', 'Customer'], ['Goal', 'Journey goal']];
const TABLES: ['journeys' | 'emails' | 'assets' | 'pages', string][] = [['journeys', 'Journey'], ['emails', 'Email'], ['assets', 'Asset'], ['pages', 'Page']];
const credit = (c: number) => c.toFixed(2);

/** Which journeys, emails, assets and pages earned the range's conversions, under the model the marketer picks. */
function AttributionSection({ from, to }: { from: string; to: string }) {
  const [model, setModel] = useState('linear');
  const [stage, setStage] = useState('');
  const { data, error } = useQuery({
    queryKey: ['attribution', from, to, model, stage],
    queryFn: ({ signal }) => unwrap(api.GET('/api/reports/attribution', { params: { query: { from, to, model, stage: stage || undefined } }, signal })),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="attribution-h" className="report">
      <h2 id="attribution-h">Attribution</h2>
      <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="a-model">Model</label>
        <select id="a-model" value={model} onChange={(e) => setModel(e.target.value)}>{MODELS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>
        <label htmlFor="a-stage">Conversion</label>
        <select id="a-stage" value={stage} onChange={(e) => setStage(e.target.value)}>{CONVERSIONS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>
      </form>
      <LoadError error={error} />
      {data && (
        <>
          <p data-testid="attribution-summary">{data.conversions} conversion(s), {data.unattributed} with no touch in the {data.lookBackDays} days before; each conversion&apos;s credit sums to 1 over its human touches.</p>
          <ChartView label="Conversions credited per journey" labels={data.journeys.map((r) => r.key)} datasets={[{ label: 'credit', data: data.journeys.map((r) => r.credit) }]} />
          {TABLES.map(([key, label]) => (
            <table key={key}>
              <caption>{label}s</caption>
              <thead><tr><th scope="col">{label}</th><th scope="col">Credit</th><th scope="col">Conversions touched</th><th scope="col">Median days, first touch to conversion</th></tr></thead>
              <tbody>
                {data[key].length === 0 && <tr><td colSpan={4}>—</td></tr>}
                {data[key].map((r) => <tr key={r.key}><th scope="row">{r.key}</th><td>{credit(r.credit)}</td><td>{r.touched}</td><td>{r.medianDaysToConvert ?? '—'}</td></tr>)}
              </tbody>
            </table>
          ))}
        </>
      )}
    </section>
  );
}

const percent = (r: number) => `${(r * 100).toFixed(2)} %`;

/** Each email experiment: per variant, what the test counts, the rate with its interval, and the test's verdict. */
function ExperimentSection() {
  const { data, error } = useQuery({ queryKey: ['experiments'], queryFn: ({ signal }) => unwrap(api.GET('/api/reports/experiments', { signal })) });
  if (!data) return <LoadError error={error} />;
  return (
    <section aria-labelledby="experiments-h" className="report">
      <h2 id="experiments-h">Experiments</h2>
      {data.length === 0 && <p>No experiment: give a SendEmail step variants to start one.</p>}
      {data.map((x) => (
        <table key={x.key} data-testid={`experiment-${x.key}`}>
          <caption>
            {x.journeyName} / {x.step}: {x.metric.toLowerCase()} within {x.days} days · {x.state === 'winner' ? `winner ${x.winner} (${x.why})` : 'running: no winner yet'}
          </caption>
          <thead><tr><th scope="col">Variant</th><th scope="col">Exposures</th><th scope="col">Still in window</th><th scope="col">Conversions</th><th scope="col">Rate (95 % interval)</th><th scope="col">Against control (always-valid interval)</th><th scope="col">p</th></tr></thead>
          <tbody>
            {x.variants.map((v) => (
              <tr key={v.name}>
                <th scope="row">{v.name}{v.name === x.winner ? ' ★' : ''}</th><td>{v.exposures}</td><td>{v.pending}</td><td>{v.conversions}</td>
                <td>{percent(v.rate)} ({percent(v.low)}–{percent(v.high)})</td>
                <td>{v.versusControl ? `${percent(v.versusControl.difference)} (${percent(v.versusControl.low)} to ${percent(v.versusControl.high)})` : 'control'}</td>
                <td>{v.versusControl ? v.versusControl.pValue.toFixed(4) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

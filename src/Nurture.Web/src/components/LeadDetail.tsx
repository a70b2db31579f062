import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { LoadError } from './Notice';
import { stageLabel } from '../stages';

const when = (at: string | null | undefined) => (at ? new Date(at).toLocaleString() : '—');
const nameOf = (lead: Schemas['LeadDetails']) => [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email;

/** The queries of one lead, keyed ['lead', id, …]: a change to the lead invalidates them all at once. */
export const leadKey = (id: string) => ['lead', id];

/** A lead's profile, stage, score explanation, timeline (machine hits labelled as such), consent and suppression. */
export function LeadDetail({ id }: { id: string }) {
  const path = { params: { path: { id } } };
  const lead = useQuery({ queryKey: [...leadKey(id), 'profile'], queryFn: ({ signal }) => unwrap(api.GET('/api/leads/{id}', { ...path, signal })) });
  const score = useQuery({ queryKey: [...leadKey(id), 'score'], queryFn: ({ signal }) => unwrap(api.GET('/api/leads/{id}/score', { ...path, signal })) });
  const consentQuery = useQuery({ queryKey: [...leadKey(id), 'consent'], queryFn: ({ signal }) => unwrap(api.GET('/api/leads/{id}/consent', { ...path, signal })) });

  const error = lead.error ?? score.error ?? consentQuery.error;
  if (error) return <LoadError error={error} />;
  if (!lead.data || !score.data || !consentQuery.data) return <p className="loading">Loading…</p>;
  return <LeadView lead={lead.data} score={score.data} consent={consentQuery.data} />;
}

function LeadView({ lead, score, consent }: { lead: Schemas['LeadDetails']; score: Schemas['ScoreExplanation']; consent: Schemas['ConsentBody'] }) {
  // The server sends the latest page of the timeline; earlier pages are fetched on demand, oldest first.
  const [earlier, setEarlier] = useState<{ items: Schemas['TimelineItem'][]; cursor: string | null | undefined }>({ items: [], cursor: lead.timelineEarlier });
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const timeline = [...earlier.items, ...lead.timeline];
  const stages = timeline.filter((t) => t.kind === 'stage');
  const showEarlier = async () => {
    if (!earlier.cursor) return;
    setLoadingEarlier(true);
    try {
      const page = await unwrap(api.GET('/api/leads/{id}', { params: { path: { id: lead.id }, query: { before: earlier.cursor } } }));
      setEarlier({ items: [...page.timeline, ...earlier.items], cursor: page.timelineEarlier });
    } finally {
      setLoadingEarlier(false);
    }
  };
  return (
    <div className="lead-detail">
      <h2 className="lead-name" data-testid="lead-name">{nameOf(lead)}</h2>
      <div className="cards">
        <section className="card" aria-labelledby="profile-h">
          <h3 id="profile-h">Profile</h3>
          <dl>
            <dt>Email</dt><dd>{lead.email}</dd>
            <dt>Company</dt><dd>{lead.company ?? '—'}</dd>
            <dt>Title</dt><dd>{lead.jobTitle ?? '—'}</dd>
            <dt>Country</dt>
            <dd data-testid="lead-country">{lead.country ?? '—'}{lead.countryUnrecognized ? ' (not a recognised country: kept as given)' : ''}</dd>
            <dt>Time zone</dt>
            <dd data-testid="lead-time-zone">{lead.timeZone ?? '—'}{lead.timeZoneSource ? ` (${timeZoneSources[lead.timeZoneSource] ?? lead.timeZoneSource})` : ''}</dd>
            <dt>Phone</dt><dd>{lead.phone ?? '—'}</dd>
            {Object.entries(lead.fields ?? {}).map(([name, value]) => [<dt key={`${name}-n`}>{name}</dt>, <dd key={`${name}-v`}>{value}</dd>])}
            <dt>Stage</dt><dd data-testid="lead-stage">{stageLabel(lead.stage)}</dd>
            <dt>Created</dt><dd>{when(lead.createdAt)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="consent-h">
          <h3 id="consent-h">Consent and suppression</h3>
          <dl>
            <dt>Opt-in</dt><dd>{consent.optIn}</dd>
            <dt>Receives marketing</dt><dd>{consent.canReceiveMarketing ? 'yes' : 'no'}</dd>
            <dt>Unsubscribed</dt><dd>{when(consent.unsubscribedAt)}</dd>
            <dt>Hard bounce</dt><dd>{when(consent.hardBouncedAt)}</dd>
            <dt>Complaint</dt><dd>{when(consent.complainedAt)}</dd>
            <dt>Open tracking</dt><dd>{consent.openTracking ? 'on' : 'off'}</dd>
            <dt>Topics opted out</dt><dd>{consent.optedOutTopics.join(', ') || '—'}</dd>
          </dl>
          <details>
            <summary>Consent records ({consent.records.length})</summary>
            <ul>{consent.records.map((r, i) => <li key={i}>{when(r.at)}: {r.kind} via {r.source} ({r.textVersion ?? 'no text version'})</li>)}</ul>
          </details>
        </section>
        <ScoreCard score={score} />
      </div>
      <section aria-labelledby="stages-h">
        <h3 id="stages-h">Stage history</h3>
        <ol>{stages.map((s, i) => <li key={i}>{when(s.at)}: {s.detail}</li>)}</ol>
      </section>
      <section aria-labelledby="timeline-h">
        <h3 id="timeline-h">Timeline</h3>
        <table>
          <caption className="sr-only">Emails, signals and stage changes</caption>
          <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Detail</th><th scope="col">Counted as</th></tr></thead>
          <tbody>
            {timeline.map((t, i) => (
              <tr key={i} className={t.label && t.label !== 'Human' ? 'machine' : undefined}>
                <td>{when(t.at)}</td>
                <td>{t.kind === 'signal' ? t.type : `${t.kind}: ${t.kind === 'stage' ? stageLabel(t.type) : t.type}`}</td>
                <td>{t.detail}{t.status ? ` (${t.status})` : ''}{t.repeats ? ` ×${t.repeats + 1}` : ''}</td>
                <td>{t.label ? (t.label === 'Human' ? 'human' : `machine (${t.label}: ${t.labelReason ?? ''})`) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {earlier.cursor ? <button type="button" onClick={showEarlier} disabled={loadingEarlier}>Show earlier</button> : null}
      </section>
    </div>
  );
}

const timeZoneSources: Record<string, string> = {
  Explicit: 'given',
  Country: 'from the country',
  Phone: 'from the phone number',
  Default: 'the default: nothing told us',
};

function ScoreCard({ score }: { score: Schemas['ScoreExplanation'] }) {
  const { scores } = score;
  const mql = scores.mql;
  return (
    <section className="card" aria-labelledby="score-h">
      <h3 id="score-h">Score: quality {scores.quality} · cell <span data-testid="score-cell">{mql.cell}</span></h3>
      <p className="muted">MQL rule: {mql.rule} · model v{score.modelVersion}</p>
      <p data-testid="mql-status">
        {mql.met ? (mql.handOff ? 'Meets the MQL rule: goes to sales.' : `Meets the MQL rule; ${mql.heldBecause}.`) : 'Does not meet the MQL rule yet.'}
      </p>
      <table>
        <caption className="sr-only">Score by dimension and rule</caption>
        <thead><tr><th scope="col">Dimension / rule</th><th scope="col">Points</th></tr></thead>
        <tbody>
          {score.dimensions.map((d) => [
            <tr key={d.name} className="dimension"><th scope="row">{d.name}{d.decay ? ` (decay ${d.decay})` : ''}{d.capsHit.length ? ` · caps: ${d.capsHit.join(', ')}` : ''}</th><td>{d.points}</td></tr>,
            ...d.rules.map((r) => <tr key={`${d.name}-${r.rule}`}><td className="indent">{r.rule}: {r.lastReason} ×{r.rows}</td><td>{r.points}</td></tr>),
          ])}
        </tbody>
      </table>
    </section>
  );
}

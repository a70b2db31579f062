import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, messageOf, unwrap, type Schemas } from '../api/client';
import { queryClient } from '../api/queries';
import { LeadDetail, leadKey } from '../components/LeadDetail';
import { stageLabel } from '../stages';
import { LoadError, Notice, type Message } from '../components/Notice';

const MOVES = ['Sql', 'Opportunity', 'Customer', 'Lost'];

/** Time left to accept, ticking; overdue shows how late. */
function Countdown({ dueAt, now }: { dueAt: string | null; now: number }) {
  if (!dueAt) return <span>—</span>;
  const seconds = Math.round((new Date(dueAt).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const text = `${Math.floor(abs / 60)}m ${String(abs % 60).padStart(2, '0')}s`;
  return <span className={seconds < 0 ? 'overdue' : 'due'}>{seconds < 0 ? `${text} overdue` : `${text} left`}</span>;
}

/** The query for a scope: your own, a team's, or (the server's default for admins and marketers) all. */
const queryOf = (scope: string | null) =>
  (scope === 'mine' ? { mine: true } : scope?.startsWith('team:') ? { team: scope.slice(5) } : {});

function captionOf(scope: string | null, count: number) {
  if (scope === 'mine') return `${count} lead(s) handed to you`;
  if (scope?.startsWith('team:')) return `${count} handoff(s) in team ${scope.slice(5)}`;
  return `${count} handoff(s) in all teams`;
}

export function Inbox() {
  const [chosen, setChosen] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const [message, setMessage] = useState<Message | null>(null);

  // New handoffs appear by themselves: minutes count here.
  const { data: inbox, error } = useQuery({
    queryKey: ['handoffs', chosen],
    queryFn: async ({ signal }) => {
      const answer = await unwrap(api.GET('/api/handoffs', { params: { query: queryOf(chosen) }, signal }));
      return { ...answer, skew: new Date(answer.now).getTime() - Date.now() }; // server clock minus browser clock
    },
    refetchInterval: 10_000,
  });
  useEffect(() => { const t = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(t); }, []);

  async function act(action: () => Promise<unknown>, success: string, leadId: string) {
    setMessage(null);
    try {
      await action();
      setMessage({ kind: 'ok', text: success });
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['handoffs'] }), queryClient.invalidateQueries({ queryKey: leadKey(leadId) })]);
    } catch (e) { setMessage({ kind: 'error', text: messageOf(e) }); }
  }

  if (!inbox) return error ? <LoadError error={error} /> : <p className="loading">Loading…</p>;
  // Until the user picks one: all teams for those who may see them, else their own.
  const scope = chosen ?? (inbox.canSeeAll ? 'all' : 'mine');
  const handoffs = inbox.handoffs;
  const current = handoffs.find((h) => h.id === selected);
  const scopes = [
    ...(inbox.canSeeAll ? [['all', 'All teams']] : []),
    ...(inbox.canAnswer ? [['mine', 'Handed to me']] : []),
    ...inbox.teams.map((t) => [`team:${t}`, `Team ${t}`]),
  ];
  const showRep = scope !== 'mine';
  return (
    <>
      <h1>Sales inbox</h1>
      <Notice message={message} />
      {scopes.length > 1 && (
        <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="inbox-scope">Show</label>
          <select id="inbox-scope" value={scope} onChange={(e) => { setSelected(null); setChosen(e.target.value); }}>
            {scopes.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </form>
      )}
      {!inbox.canAnswer && <p className="muted">Read-only: reps and admins answer handoffs.</p>}
      <table>
        <caption data-testid="inbox-caption">{captionOf(scope, handoffs.length)}</caption>
        <thead><tr><th scope="col">Lead</th>{showRep && <th scope="col">Rep</th>}<th scope="col">Why</th><th scope="col">Score</th><th scope="col">Status</th><th scope="col">SLA</th>{inbox.canAnswer && <th scope="col">Actions</th>}</tr></thead>
        <tbody>
          {handoffs.map((h) => {
            const path = { params: { path: { id: h.id } } };
            return (
              <tr key={h.id} aria-selected={h.id === selected} data-testid={`handoff-${h.leadId}`}>
                <td><button type="button" className="link" onClick={() => setSelected(h.id)}>{h.leadName || h.leadEmail}</button> <span className="muted">{h.company}</span></td>
                {showRep && <td>{h.repEmail}{h.team ? ` (${h.team})` : ''}</td>}
                <td>{h.reason}</td>
                <td>{h.scoreAtHandoff}</td>
                <td>{h.status}</td>
                <td>{h.status === 'Assigned' ? <Countdown dueAt={h.dueAt} now={now + inbox.skew} /> : '—'}</td>
                {inbox.canAnswer && <td>
                  {h.status === 'Assigned' && (
                    <>
                      <button type="button" onClick={() => act(() => unwrap(api.POST('/api/handoffs/{id}/accept', path)), `Accepted ${h.leadEmail}.`, h.leadId)}>Accept</button>
                      <RejectForm handoff={h} onReject={(reason) => act(() => unwrap(api.POST('/api/handoffs/{id}/reject', { ...path, body: { reason } })), `Rejected ${h.leadEmail}.`, h.leadId)} />
                    </>
                  )}
                  {h.status === 'Accepted' && (
                    <MoveForm handoff={h} onMove={(stage, reason) => act(
                      () => unwrap(api.POST('/api/leads/{id}/stage', { params: { path: { id: h.leadId } }, body: { stage, reason } })),
                      `Moved to ${stageLabel(stage)}.`, h.leadId)} />
                  )}
                </td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {current && <LeadDetail id={current.leadId} />}
    </>
  );
}

type Handoff = Schemas['HandoffRow'];

function RejectForm({ handoff, onReject }: { handoff: Handoff; onReject: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  const id = `reject-${handoff.id}`;
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); onReject(reason); }}>
      <label htmlFor={id}>Reason</label>
      <input id={id} required value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="secondary">Reject</button>
    </form>
  );
}

function MoveForm({ handoff, onMove }: { handoff: Handoff; onMove: (stage: string, reason: string) => void }) {
  const [stage, setStage] = useState('Sql');
  const [reason, setReason] = useState('');
  const id = `move-${handoff.id}`;
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); onMove(stage, reason); }}>
      <label htmlFor={`${id}-stage`}>Move to</label>
      <select id={`${id}-stage`} value={stage} onChange={(e) => setStage(e.target.value)}>{MOVES.map((s) => <option key={s} value={s}>{stageLabel(s)}</option>)}</select>
      <label htmlFor={`${id}-reason`}>Why</label>
      <input id={`${id}-reason`} required value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="secondary">Move</button>
    </form>
  );
}

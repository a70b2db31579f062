import { useEffect, useState } from 'react';
import { get, post } from '../api.js';
import { LeadDetail } from '../components/LeadDetail.jsx';
import { stageLabel } from '../stages.jsx';
import { Notice } from '../components/Notice.jsx';

const MOVES = ['Sql', 'Opportunity', 'Customer', 'Lost'];

/** Time left to accept, ticking; overdue shows how late. */
function Countdown({ dueAt, now }) {
  if (!dueAt) return <span>—</span>;
  const seconds = Math.round((new Date(dueAt) - now) / 1000);
  const abs = Math.abs(seconds);
  const text = `${Math.floor(abs / 60)}m ${String(abs % 60).padStart(2, '0')}s`;
  return <span className={seconds < 0 ? 'overdue' : 'due'}>{seconds < 0 ? `${text} overdue` : `${text} left`}</span>;
}

/** The query for a scope: your own, a team's, or (the server's default for admins and marketers) all. */
const queryOf = (scope) => (scope === 'mine' ? '?mine=true' : scope?.startsWith('team:') ? `?team=${encodeURIComponent(scope.slice(5))}` : '');

function captionOf(scope, count) {
  if (scope === 'mine') return `${count} lead(s) handed to you`;
  if (scope?.startsWith('team:')) return `${count} handoff(s) in team ${scope.slice(5)}`;
  return `${count} handoff(s) in all teams`;
}

export function Inbox() {
  const [handoffs, setHandoffs] = useState(null);
  const [access, setAccess] = useState(null); // { teams, canSeeAll, canAnswer } as the server says
  const [scope, setScope] = useState(null);
  const [skew, setSkew] = useState(0); // server clock minus browser clock
  const [selected, setSelected] = useState(null);
  const [now, setNow] = useState(Date.now());
  const [reload, setReload] = useState(0);
  const [message, setMessage] = useState(null);

  const [poll, setPoll] = useState(0);
  useEffect(() => {
    get(`/api/handoffs${queryOf(scope)}`).then((r) => {
      setSkew(new Date(r.now) - Date.now());
      setHandoffs(r.handoffs);
      setAccess({ teams: r.teams, canSeeAll: r.canSeeAll, canAnswer: r.canAnswer });
      if (scope === null) setScope(r.canSeeAll ? 'all' : 'mine');
    }, (e) => setMessage({ kind: 'error', text: e.message }));
  }, [reload, poll, scope]);
  // New handoffs appear by themselves: minutes count here.
  useEffect(() => { const t = setInterval(() => setPoll((p) => p + 1), 10_000); return () => clearInterval(t); }, []);
  useEffect(() => { const t = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(t); }, []);

  async function act(action, success) {
    setMessage(null);
    try { await action(); setMessage({ kind: 'ok', text: success }); setReload((r) => r + 1); } catch (e) { setMessage({ kind: 'error', text: e.message }); }
  }

  if (!handoffs || !access) return message?.kind === 'error' ? <p className="error" role="alert">{message.text}</p> : <p className="loading">Loading…</p>;
  const current = handoffs.find((h) => h.id === selected);
  const scopes = [
    ...(access.canSeeAll ? [['all', 'All teams']] : []),
    ...(access.canAnswer ? [['mine', 'Handed to me']] : []),
    ...access.teams.map((t) => [`team:${t}`, `Team ${t}`]),
  ];
  const showRep = scope !== 'mine';
  return (
    <>
      <h1>Sales inbox</h1>
      <Notice message={message} />
      {scopes.length > 1 && (
        <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="inbox-scope">Show</label>
          <select id="inbox-scope" value={scope ?? ''} onChange={(e) => { setSelected(null); setScope(e.target.value); }}>
            {scopes.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </form>
      )}
      {!access.canAnswer && <p className="muted">Read-only: reps and admins answer handoffs.</p>}
      <table>
        <caption data-testid="inbox-caption">{captionOf(scope, handoffs.length)}</caption>
        <thead><tr><th scope="col">Lead</th>{showRep && <th scope="col">Rep</th>}<th scope="col">Why</th><th scope="col">Score</th><th scope="col">Status</th><th scope="col">SLA</th>{access.canAnswer && <th scope="col">Actions</th>}</tr></thead>
        <tbody>
          {handoffs.map((h) => (
            <tr key={h.id} aria-selected={h.id === selected} data-testid={`handoff-${h.leadId}`}>
              <td><button type="button" className="link" onClick={() => setSelected(h.id)}>{h.leadName || h.leadEmail}</button> <span className="muted">{h.company}</span></td>
              {showRep && <td>{h.repEmail}{h.team ? ` (${h.team})` : ''}</td>}
              <td>{h.reason}</td>
              <td>{h.scoreAtHandoff}</td>
              <td>{h.status}</td>
              <td>{h.status === 'Assigned' ? <Countdown dueAt={h.dueAt} now={now + skew} /> : '—'}</td>
              {access.canAnswer && <td>
                {h.status === 'Assigned' && (
                  <>
                    <button type="button" onClick={() => act(() => post(`/api/handoffs/${h.id}/accept`, {}), `Accepted ${h.leadEmail}.`)}>Accept</button>
                    <RejectForm handoff={h} onReject={(reason) => act(() => post(`/api/handoffs/${h.id}/reject`, { reason }), `Rejected ${h.leadEmail}.`)} />
                  </>
                )}
                {h.status === 'Accepted' && (
                  <MoveForm handoff={h} onMove={(stage, reason) => act(() => post(`/api/leads/${h.leadId}/stage`, { stage, reason }), `Moved to ${stageLabel(stage)}.`)} />
                )}
              </td>}
            </tr>
          ))}
        </tbody>
      </table>
      {current && <LeadDetail id={current.leadId} reload={reload} />}
    </>
  );
}

function RejectForm({ handoff, onReject }) {
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

function MoveForm({ handoff, onMove }) {
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

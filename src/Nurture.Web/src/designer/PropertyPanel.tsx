import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, messageOf, unwrap, type Schemas } from '../api/client';
import { StageOptions } from '../stages';
import { ConditionBuilder } from './ConditionBuilder';
import type { ActivityType, Condition, Step } from './graph';
import type { Properties } from './journeyShape';

type ErrorBody = Schemas['ErrorBody'];
type Template = Schemas['TemplateSummary'];
type Change = (value: unknown) => void;

const SIMPLE = new Set(['string', 'url', 'datetime', 'duration', 'integer', 'string[]', 'template', 'stage']);

/** The selected activity's properties, each edited by its kind, with the server's errors beside the field. */
export function PropertyPanel({ node, journeyId, descriptor, templates, errors, onChange, onRename, onDelete }: {
  node: Step | undefined; journeyId: string; descriptor: ActivityType | undefined; templates: Template[]; errors: ErrorBody[];
  onChange: (properties: Properties) => void; onRename: (to: string) => string | null; onDelete: () => void;
}) {
  if (!node) return <p className="hint">Select an activity to edit it.</p>;
  const properties = node.data.properties ?? {};
  const set = (name: string, value: unknown) => {
    const next = { ...properties };
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[name];
    else next[name] = value;
    onChange(next);
  };
  const general = errors.filter((e) => !e.property || !descriptor?.properties.some((p) => p.name === e.property));

  return (
    <div className="property-panel">
      <h2>{node.data.activityType} <span className="muted">{node.id}</span></h2>
      {descriptor?.description && <p className="muted">{descriptor.description}</p>}
      <RenameField key={node.id} id={node.id} onRename={onRename} />
      {general.map((e, i) => <p key={i} className="error" role="alert">{e.message}</p>)}
      {(descriptor?.properties ?? []).map((p) => (
        <Field key={p.name} nodeId={node.id} property={p} value={properties[p.name]} templates={templates}
          error={errors.find((e) => e.property === p.name)} onChange={(v) => set(p.name, v)} />
      ))}
      {properties.variants !== undefined && <ExperimentSummary experimentKey={`${journeyId}/${node.id}`} />}
      <button type="button" className="danger" onClick={onDelete}>Delete activity</button>
    </div>
  );
}

/** The published step's experiment as the test sees it now: each variant's rate and the verdict. */
function ExperimentSummary({ experimentKey }: { experimentKey: string }) {
  const { data } = useQuery({ queryKey: ['experiments'], queryFn: ({ signal }) => unwrap(api.GET('/api/reports/experiments', { signal })) });
  const experiment = data?.find((x) => x.key === experimentKey);
  if (!experiment) return <p className="muted" data-testid="experiment-summary">Experiment: results appear once this version is published and its emails go out.</p>;
  return (
    <div className="field" data-testid="experiment-summary">
      <p><b>Experiment</b> ({experiment.metric.toLowerCase()} within {experiment.days} days): {experiment.state === 'winner' ? `winner ${experiment.winner}` : 'running, no winner yet'}</p>
      <ul>
        {experiment.variants.map((v) => (
          <li key={v.name}>{v.name}: {v.conversions} of {v.exposures} ({(v.rate * 100).toFixed(2)} %){v.pending ? `, ${v.pending} in window` : ''}{v.versusControl ? `, p ${v.versusControl.pValue.toFixed(4)}` : ''}</li>
        ))}
      </ul>
    </div>
  );
}

/** The step's id (what the journal, the stats and the migrations name); renaming keeps its connections. */
function RenameField({ id, onRename }: { id: string; onRename: (to: string) => string | null }) {
  const [value, setValue] = useState(id);
  const [problem, setProblem] = useState<string | null>(null);
  const commit = () => {
    if (value === id) return;
    setProblem(onRename(value.trim()));
  };
  return (
    <div className="field">
      <label htmlFor="activity-id">Step id</label>
      <input id="activity-id" value={value} onChange={(e) => setValue(e.target.value)} onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } }} />
      {problem && <p className="error" role="alert">{problem}</p>}
    </div>
  );
}

function Field({ nodeId, property, value, templates, error, onChange }: {
  nodeId: string; property: Schemas['ActivityProperty']; value: unknown; templates: Template[]; error: ErrorBody | undefined; onChange: Change;
}) {
  const id = `prop-${nodeId}-${property.name}`;
  const label = `${property.name}${property.required ? ' (required)' : ''}`;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id} id={`${id}-label`}>{label}</label>
      {SIMPLE.has(property.kind) && <SimpleInput id={id} kind={property.kind} value={value} templates={templates} onChange={onChange} />}
      {property.kind === 'condition' && (
        <ConditionBuilder id={id} value={value as Condition | undefined} onChange={onChange} renderJson={() => <JsonInput id={id} value={value} onChange={onChange} />} />
      )}
      {!SIMPLE.has(property.kind) && property.kind !== 'condition' && <JsonInput id={id} value={value} onChange={onChange} />}
      <small className="muted">{property.description}</small>
      {error && <p className="error" role="alert">{error.message}</p>}
      {property.kind === 'template' && typeof value === 'string' && value && <TemplatePreview name={value} />}
    </div>
  );
}

function SimpleInput({ id, kind, value, templates, onChange }: { id: string; kind: string; value: unknown; templates: Template[]; onChange: Change }) {
  const text = typeof value === 'string' || typeof value === 'number' ? value : '';
  switch (kind) {
    case 'template':
      return (
        <select id={id} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">(choose a template)</option>
          {templates.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
        </select>
      );
    case 'stage':
      return (
        <select id={id} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">(choose a stage)</option>
          <StageOptions />
        </select>
      );
    case 'integer':
      return <input id={id} type="number" value={text} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />;
    case 'string[]':
      return <input id={id} type="text" value={((value ?? []) as string[]).join(', ')} placeholder="comma, separated"
        onChange={(e) => onChange(e.target.value.split(',').map((s) => s.trim()).filter(Boolean))} />;
    case 'duration':
      return <input id={id} type="text" value={text} placeholder="P2D, PT4H, P3M" onChange={(e) => onChange(e.target.value.trim())} />;
    default:
      return <input id={id} type="text" value={text} onChange={(e) => onChange(e.target.value)} />;
  }
}

/** Properties with structure (conditions, cases, branches) are edited as JSON; bad JSON is shown, not saved. */
function JsonInput({ id, value, onChange }: { id: string; value: unknown; onChange: Change }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <textarea id={id} rows={5} value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} onBlur={() => {
        if (text.trim() === '') { setProblem(null); onChange(undefined); return; }
        try { onChange(JSON.parse(text)); setProblem(null); } catch (e) { setProblem(`Not valid JSON: ${messageOf(e)}`); }
      }} />
      {problem && <p className="error" role="alert">{problem}</p>}
    </>
  );
}

function TemplatePreview({ name }: { name: string }) {
  const [email, setEmail] = useState<Schemas['RenderedEmail'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function show() {
    try {
      setEmail(await unwrap(api.POST('/api/templates/{name}/preview', { params: { path: { name } }, body: { leadId: null } })));
      setError(null);
    } catch (e) { setError(messageOf(e)); }
  }
  return (
    <div className="template-preview">
      <button type="button" className="secondary" onClick={show}>Preview {name}</button>
      {error && <p className="error" role="alert">{error}</p>}
      {email && (
        <>
          <p><b>Subject:</b> {email.subject}</p>
          <iframe title={`Preview of ${name}`} sandbox="" srcDoc={email.html} />
        </>
      )}
    </div>
  );
}

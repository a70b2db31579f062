import { StageOptions } from '../stages.jsx';
import { useState } from 'react';
import { post } from '../api.js';
import { ConditionBuilder } from './ConditionBuilder.jsx';

const SIMPLE = new Set(['string', 'url', 'datetime', 'duration', 'integer', 'string[]', 'template', 'stage']);

/** The selected activity's properties, each edited by its kind, with the server's errors beside the field. */
export function PropertyPanel({ node, descriptor, templates, errors, onChange, onRename, onDelete }) {
  if (!node) return <p className="hint">Select an activity to edit it.</p>;
  const properties = node.data.properties ?? {};
  const set = (name, value) => {
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
      <button type="button" className="danger" onClick={onDelete}>Delete activity</button>
    </div>
  );
}

/** The step's id (what the journal, the stats and the migrations name); renaming keeps its connections. */
function RenameField({ id, onRename }) {
  const [value, setValue] = useState(id);
  const [problem, setProblem] = useState(null);
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

function Field({ nodeId, property, value, templates, error, onChange }) {
  const id = `prop-${nodeId}-${property.name}`;
  const label = `${property.name}${property.required ? ' (required)' : ''}`;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id} id={`${id}-label`}>{label}</label>
      {SIMPLE.has(property.kind) && <SimpleInput id={id} kind={property.kind} value={value} templates={templates} onChange={onChange} />}
      {property.kind === 'condition' && (
        <ConditionBuilder id={id} value={value} onChange={onChange} renderJson={() => <JsonInput id={id} value={value} onChange={onChange} />} />
      )}
      {!SIMPLE.has(property.kind) && property.kind !== 'condition' && <JsonInput id={id} value={value} onChange={onChange} />}
      <small className="muted">{property.description}</small>
      {error && <p className="error" role="alert">{error.message}</p>}
      {property.kind === 'template' && value && <TemplatePreview name={value} />}
    </div>
  );
}

function SimpleInput({ id, kind, value, templates, onChange }) {
  switch (kind) {
    case 'template':
      return (
        <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
          <option value="">(choose a template)</option>
          {templates.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
        </select>
      );
    case 'stage':
      return (
        <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
          <option value="">(choose a stage)</option>
          <StageOptions />
        </select>
      );
    case 'integer':
      return <input id={id} type="number" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />;
    case 'string[]':
      return <input id={id} type="text" value={(value ?? []).join(', ')} placeholder="comma, separated"
        onChange={(e) => onChange(e.target.value.split(',').map((s) => s.trim()).filter(Boolean))} />;
    case 'duration':
      return <input id={id} type="text" value={value ?? ''} placeholder="P2D, PT4H, P3M" onChange={(e) => onChange(e.target.value.trim())} />;
    default:
      return <input id={id} type="text" value={value ?? ''} onChange={(e) => onChange(e.target.value)} />;
  }
}

/** Properties with structure (conditions, cases, branches) are edited as JSON; bad JSON is shown, not saved. */
function JsonInput({ id, value, onChange }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [problem, setProblem] = useState(null);
  return (
    <>
      <textarea id={id} rows={5} value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} onBlur={() => {
        if (text.trim() === '') { setProblem(null); onChange(undefined); return; }
        try { onChange(JSON.parse(text)); setProblem(null); } catch (e) { setProblem(`Not valid JSON: ${e.message}`); }
      }} />
      {problem && <p className="error" role="alert">{problem}</p>}
    </>
  );
}

function TemplatePreview({ name }) {
  const [email, setEmail] = useState(null);
  const [error, setError] = useState(null);
  async function show() {
    try { setEmail(await post(`/api/templates/${encodeURIComponent(name)}/preview`, {})); setError(null); } catch (e) { setError(e.message); }
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

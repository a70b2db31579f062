import { useEffect, useState } from 'react';
import type { Schemas } from '../api/client';
import { useCatalog } from '../catalog';
import { StageOptions, stageLabel } from '../stages';
import { REENTRY, camel, filtersToText, textToFilters, type JourneyMeta, type Settings, type Trigger } from './journeyShape';

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Everything about the journey that is not a step: its description, what starts it (several triggers,
 * each with the fields of its type), re-entry, priority, exit criteria and goal. Shown while no step is selected.
 */
export function JourneySettings({ meta, errors, onChange }: {
  meta: JourneyMeta; errors: Schemas['ErrorBody'][]; onChange: (meta: JourneyMeta) => void;
}) {
  const catalog = useCatalog();
  const stageList = catalog?.stages ?? [];
  const triggers = meta.triggers ?? [];
  const settings = meta.settings ?? {};
  const setTriggers = (next: Trigger[]) => onChange({ ...meta, triggers: next });
  const setTrigger = (i: number, changes: Partial<Trigger>) => setTriggers(triggers.map((t, j) => (j === i ? { ...t, ...changes } : t)));
  const setSettings = (changes: Partial<Settings>) => onChange({ ...meta, settings: { ...settings, ...changes } });
  const errorOf = (path: string) => errors.find((e) => e.property === path)?.message;

  return (
    <div className="property-panel journey-settings">
      <h2>Journey settings</h2>
      <p className="muted">Select a step to edit it; these apply to the whole journey.</p>
      <div className="field">
        <label htmlFor="journey-description">Description</label>
        <textarea id="journey-description" rows={2} value={meta.description ?? ''}
          onChange={(e) => { const { description, ...rest } = meta; onChange(e.target.value ? { ...rest, description: e.target.value } : rest); }} />
      </div>

      <h3>Starts when</h3>
      {triggers.length === 0 && <p className="muted">No trigger: leads enter through the API only.</p>}
      {triggers.map((trigger, i) => (
        <fieldset key={i} className="trigger">
          <legend>Trigger {i + 1}</legend>
          <div className={`field${errorOf(`triggers[${i}].type`) ? ' invalid' : ''}`}>
            <label htmlFor={`trigger-${i}-type`}>Trigger {i + 1} type</label>
            <select id={`trigger-${i}-type`} value={trigger.type} onChange={(e) => setTrigger(i, { type: e.target.value })}>
              {(catalog?.triggers ?? []).map((t) => <option key={t.type} value={t.type}>{t.type}</option>)}
            </select>
          </div>
          {(catalog?.triggerFields[trigger.type] ?? []).map((field) => (
            <TriggerField key={field} index={i} field={field} trigger={trigger} scores={catalog!.scores} error={errorOf(`triggers[${i}].${field}`)} onChange={(value) => setTrigger(i, { [field]: value })} />
          ))}
          <button type="button" className="secondary" onClick={() => setTriggers(triggers.filter((_, j) => j !== i))}>Remove trigger {i + 1}</button>
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => setTriggers([...triggers, { type: 'LeadCreated' }])}>Add a trigger</button>

      <h3>Rules</h3>
      <div className="field">
        <label htmlFor="journey-reentry">Re-entry</label>
        <select id="journey-reentry" value={camel(settings.reentry) ?? 'never'} onChange={(e) => setSettings({ reentry: e.target.value })}>
          {REENTRY.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="journey-priority">Priority</label>
        <input id="journey-priority" type="number" value={settings.priority ?? 0} onChange={(e) => setSettings({ priority: Number(e.target.value) || 0 })} />
        <small className="muted">Higher goes first when several journeys start at once, and when the weekly cap holds emails back.</small>
      </div>
      <fieldset>
        <legend>Leave when the lead reaches</legend>
        <div className="checks">
          {stageList.map((stage) => (
            <label key={stage} className="check">
              <input type="checkbox" aria-label={`Exit at ${stageLabel(stage)}`} checked={(settings.exit?.stages ?? []).includes(stage)}
                onChange={(e) => {
                  const stages = (settings.exit?.stages ?? []).filter((s) => s !== stage);
                  setSettings({ exit: { ...settings.exit, stages: e.target.checked ? stageList.filter((s) => s === stage || stages.includes(s)) : stages } });
                }} />
              {stageLabel(stage)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="journey-exit-tags">Leave when tagged</label>
        <CommittedInput id="journey-exit-tags" value={(settings.exit?.tags ?? []).join(', ')} placeholder="comma, separated"
          onCommit={(text) => setSettings({ exit: { ...settings.exit, tags: list(text) } })} />
      </div>
      <h3>Goal</h3>
      <div className={`field${errorOf('settings.goal') ? ' invalid' : ''}`}>
        <label htmlFor="journey-goal-stage">Goal: stage reached</label>
        <select id="journey-goal-stage" value={settings.goal?.stage ?? ''} onChange={(e) => setSettings({ goal: { ...settings.goal, stage: e.target.value || undefined } })}>
          <option value="">none</option>
          <StageOptions />
        </select>
        <label htmlFor="journey-goal-signal">Goal: signal received</label>
        <input id="journey-goal-signal" value={settings.goal?.signalType ?? ''} placeholder="form, download…"
          onChange={(e) => setSettings({ goal: { ...settings.goal, signalType: e.target.value || undefined } })} />
        <label htmlFor="journey-goal-tag">Goal: tag added</label>
        <input id="journey-goal-tag" value={settings.goal?.tag ?? ''} onChange={(e) => setSettings({ goal: { ...settings.goal, tag: e.target.value || undefined } })} />
        {errorOf('settings.goal') && <p className="error" role="alert">{errorOf('settings.goal')}</p>}
      </div>
    </div>
  );
}

const LABELS: Record<string, string> = {
  form: 'form id (any form when empty)', signalType: 'signal type', filters: 'filters (name=value, …)', score: 'score', value: 'value to cross',
  stage: 'stage entered', tag: 'tag', field: 'date field', offset: 'offset (-P30D)', every: 'repeat every (P1Y)', at: 'time of day (HH:mm)',
};

function TriggerField({ index, field, trigger, scores, error, onChange }: {
  index: number; field: string; trigger: Trigger; scores: string[]; error: string | undefined; onChange: (value: unknown) => void;
}) {
  const id = `trigger-${index}-${field}`;
  const value = trigger[field];
  const text = typeof value === 'string' || typeof value === 'number' ? value : '';
  let input;
  if (field === 'score') {
    input = (
      <select id={id} value={text || 'engagement'} onChange={(e) => onChange(e.target.value)}>
        {scores.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
    );
  } else if (field === 'stage') {
    input = (
      <select id={id} value={text} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">any</option>
        <StageOptions />
      </select>
    );
  } else if (field === 'value') {
    input = <input id={id} type="number" value={text} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />;
  } else if (field === 'filters') {
    input = <CommittedInput id={id} value={filtersToText(value)} placeholder="asset=pricing*" onCommit={(text) => onChange(textToFilters(text))} />;
  } else {
    input = <input id={id} value={text} onChange={(e) => onChange(e.target.value || undefined)} />;
  }
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>Trigger {index + 1} {LABELS[field]}</label>
      {input}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}

/** Text that is parsed into structure (lists, filters): kept as typed, read when the field is left or Enter pressed. */
function CommittedInput({ id, value, placeholder, onCommit }: { id: string; value: string; placeholder?: string; onCommit: (text: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <input id={id} value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} onBlur={() => onCommit(text)}
      onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); onCommit(text); } }} />
  );
}

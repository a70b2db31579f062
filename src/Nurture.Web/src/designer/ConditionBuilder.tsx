import { useState, type ReactNode } from 'react';
import type { Condition } from './graph';

const FIELDS = ['email', 'firstName', 'lastName', 'company', 'jobTitle', 'phone', 'country', 'timeZone', 'stage', 'score', 'tags'];
const OPERATORS = ['equals', 'notEquals', 'contains', 'startsWith', 'endsWith', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'exists', 'notExists'];
const NO_VALUE = new Set(['exists', 'notExists']);
const LIST = new Set(['in', 'notIn']);
const NUMBER = new Set(['gt', 'gte', 'lt', 'lte']);

type Mode = 'all' | 'any';
type Rule = { field: string; operator: string; value?: unknown };

const isLeaf = (c: unknown): c is Rule => !!c && typeof c === 'object' && 'field' in c;

/** The rows a condition can be edited as: one leaf, or all/any of leaves. Null when it is deeper than that. */
function toRows(condition: Condition | undefined): { mode: Mode; rows: Rule[] } | null {
  if (condition === undefined) return { mode: 'all', rows: [] };
  if (isLeaf(condition)) return { mode: 'all', rows: [condition] };
  for (const mode of ['all', 'any'] as const) {
    const rules = condition?.[mode];
    if (Array.isArray(rules) && rules.every(isLeaf)) return { mode, rows: rules };
  }
  return null;
}

function fromRows(mode: Mode, rows: Rule[]): Condition | undefined {
  if (rows.length === 0) return undefined;
  return rows.length === 1 ? rows[0] : { [mode]: rows };
}

function display(row: Rule): string {
  if (row.value === undefined) return '';
  return Array.isArray(row.value) ? row.value.join(', ') : String(row.value);
}

function parseValue(operator: string, text: string): unknown {
  if (NO_VALUE.has(operator)) return undefined;
  if (LIST.has(operator)) return text.split(',').map((s) => s.trim()).filter(Boolean);
  if (NUMBER.has(operator) && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

/**
 * A condition as rows (field, operator, value), all or any of them; deeper conditions (not, nesting) are
 * edited as JSON, which the server validates like any other property.
 */
export function ConditionBuilder({ id, value, onChange, renderJson }: {
  id: string; value: Condition | undefined; onChange: (condition: Condition | undefined) => void; renderJson: () => ReactNode;
}) {
  const parsed = toRows(value);
  const [asJson, setAsJson] = useState(parsed === null);
  if (asJson || parsed === null) {
    return (
      <>
        {renderJson()}
        {parsed !== null && <button type="button" className="link" onClick={() => setAsJson(false)}>Edit as rows</button>}
      </>
    );
  }
  const { mode, rows } = parsed;
  const update = (nextRows: Rule[], nextMode: Mode = mode) => onChange(fromRows(nextMode, nextRows));
  const setRow = (i: number, row: Rule) => update(rows.map((r, j) => (j === i ? row : r)));

  return (
    <div className="condition" role="group" aria-labelledby={`${id}-label`}>
      {rows.length > 1 && (
        <p>
          <label htmlFor={`${id}-mode`}>Match</label>{' '}
          <select id={`${id}-mode`} value={mode} onChange={(e) => update(rows, e.target.value as Mode)}>
            <option value="all">all of these</option>
            <option value="any">any of these</option>
          </select>
        </p>
      )}
      {rows.map((row, i) => (
        <div className="condition-row" key={i}>
          <select aria-label={`Field ${i + 1}`} value={row.field} onChange={(e) => setRow(i, { ...row, field: e.target.value })}>
            {FIELDS.map((f) => <option key={f}>{f}</option>)}
          </select>
          <select aria-label={`Operator ${i + 1}`} value={row.operator} onChange={(e) => {
            const operator = e.target.value;
            setRow(i, { field: row.field, operator, ...(NO_VALUE.has(operator) ? {} : { value: parseValue(operator, display(row)) }) });
          }}>
            {OPERATORS.map((o) => <option key={o}>{o}</option>)}
          </select>
          {!NO_VALUE.has(row.operator) && (
            <input aria-label={`Value ${i + 1}`} value={display(row)} placeholder={LIST.has(row.operator) ? 'a, b, c' : ''}
              onChange={(e) => setRow(i, { ...row, value: parseValue(row.operator, e.target.value) })} />
          )}
          <button type="button" className="link" aria-label={`Remove row ${i + 1}`} onClick={() => update(rows.filter((_, j) => j !== i))}>remove</button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => update([...rows, { field: 'country', operator: 'equals', value: '' }])}>Add a rule</button>{' '}
      <button type="button" className="link" onClick={() => setAsJson(true)}>Edit as JSON</button>
    </div>
  );
}

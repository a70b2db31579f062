// What a journey's triggers and settings hold, and how the designer writes them back: only the fields of
// each trigger's type (the others stay in the editor's state, so switching a type back loses nothing).
// Which fields a type has comes from the server's catalog (catalog.js: triggerFields).

export const REENTRY = [['never', 'Never: once per lead'], ['afterExit', 'After the lead leaves it'], ['always', 'Always: runs side by side']];

const empty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
  || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

function pick(source, names) {
  const out = {};
  names.forEach((n) => { if (!empty(source?.[n])) out[n] = source[n]; });
  return out;
}

export function cleanTrigger(trigger, triggerFields) {
  return { type: trigger.type, ...pick(trigger, triggerFields[trigger.type] ?? []) };
}

/** Settings as the server reads them, with defaults left out (never re-enter, priority 0, no exit, no goal). */
export function cleanSettings(settings) {
  const out = {};
  const reentry = camel(settings?.reentry);
  if (reentry && reentry !== 'never') out.reentry = reentry;
  if (settings?.priority) out.priority = settings.priority;
  const exit = pick(settings?.exit, ['stages', 'tags']);
  if (!empty(exit)) out.exit = exit;
  const goal = pick(settings?.goal, ['stage', 'signalType', 'filters', 'tag']);
  if (!empty(goal)) out.goal = goal;
  return out;
}

/** The server may answer "AfterExit"; the designer and the files write "afterExit". */
export const camel = (text) => (text ? text[0].toLowerCase() + text.slice(1) : text);

/** "asset=pricing*, url=https://…" ↔ { asset: "pricing*", url: "https://…" } */
export const filtersToText = (filters) => Object.entries(filters ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
export function textToFilters(text) {
  const out = {};
  text.split(',').map((p) => p.trim()).filter(Boolean).forEach((pair) => {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  });
  return out;
}

// What a journey's triggers and settings hold, and how the designer writes them back: only the fields of
// each trigger's type (the others stay in the editor's state, so switching a type back loses nothing).
// Which fields a type has comes from the server's catalog (catalog.ts: triggerFields).
// The designer edits the journey as the document its file holds: the server validates it and names the
// line and property of each error, so these types describe what the designer touches, not every rule.

export type Properties = Record<string, unknown>;
export type Trigger = { type: string; [field: string]: unknown };
export type Filters = Record<string, string>;
export type Settings = {
  reentry?: string;
  priority?: number;
  exit?: { stages?: string[]; tags?: string[] };
  goal?: { stage?: string; signalType?: string; filters?: Filters; tag?: string };
};
/** Everything about a journey that is not a step. */
export type JourneyMeta = { id: string; name?: string; description?: string; triggers?: Trigger[]; settings?: Settings; [key: string]: unknown };
export type Activity = { id: string; type: string; properties?: Properties; position?: { x: number; y: number } };
export type Connection = { from: string; outcome?: string; to: string };
export type Definition = JourneyMeta & { activities?: Activity[]; connections?: Connection[] };

export const REENTRY: [string, string][] = [['never', 'Never: once per lead'], ['afterExit', 'After the lead leaves it'], ['always', 'Always: runs side by side']];

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
  || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

function pick<T extends object>(source: T | undefined, names: string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  const from = (source ?? {}) as Record<string, unknown>;
  names.forEach((n) => { if (!empty(from[n])) out[n] = from[n]; });
  return out as Partial<T>;
}

export function cleanTrigger(trigger: Trigger, triggerFields: Record<string, string[]>): Trigger {
  return { type: trigger.type, ...pick(trigger, triggerFields[trigger.type] ?? []) };
}

/** Settings as the server reads them, with defaults left out (never re-enter, priority 0, no exit, no goal). */
export function cleanSettings(settings: Settings | undefined): Settings {
  const out: Settings = {};
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
export const camel = (text: string | undefined): string | undefined => (text ? text[0].toLowerCase() + text.slice(1) : text);

/** "asset=pricing*, url=https://…" ↔ { asset: "pricing*", url: "https://…" } */
export const filtersToText = (filters: unknown) => Object.entries((filters ?? {}) as Filters).map(([k, v]) => `${k}=${v}`).join(', ');
export function textToFilters(text: string): Filters {
  const out: Filters = {};
  text.split(',').map((p) => p.trim()).filter(Boolean).forEach((pair) => {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  });
  return out;
}

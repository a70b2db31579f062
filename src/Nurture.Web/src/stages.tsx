import { useCatalog } from './catalog';

// How people write the lifecycle stages the API names (LeadStage: "Mql" is an MQL). The stages
// themselves, in order, come from the server's catalog (catalog.ts).
export const stageLabel = (stage: string | null | undefined): string => (stage && stage.length === 3 ? stage.toUpperCase() : stage ?? '');

/** The stages as options of a select, in the server's order. */
export function StageOptions() {
  const catalog = useCatalog();
  return (catalog?.stages ?? []).map((s) => <option key={s} value={s}>{stageLabel(s)}</option>);
}

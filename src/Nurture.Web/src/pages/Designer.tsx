import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ApiError, api, messageOf, unwrap, type BodyOf, type Schemas } from '../api/client';
import { loadCatalog } from '../catalog';
import { Notice } from '../components/Notice';
import { navigate } from '../router';
import { Canvas } from '../designer/Canvas';
import { JourneySettings } from '../designer/JourneySettings';
import { PropertyPanel } from '../designer/PropertyPanel';
import { SimulatePanel, type Simulation } from '../designer/SimulatePanel';
import { Toolbox } from '../designer/Toolbox';
import { VersionHistory } from '../designer/VersionHistory';
import type { Definition } from '../designer/journeyShape';
import { resetDesigner, useDesigner } from '../designer/store';

/** A published journey's counts before the first answer: every step at zero. */
const NO_COUNTS: Record<string, Schemas['ActivityStats']> = {};

/** The definition as the API takes it: the server validates the document and names each error's place. */
const asBody = (definition: Definition) => definition as unknown as BodyOf<'/api/journeys/{id}/draft', 'put'>;

export function Designer({ id }: { id: string }) {
  return (
    <ReactFlowProvider>
      <DesignerPage id={id} />
    </ReactFlowProvider>
  );
}

function DesignerPage({ id }: { id: string }) {
  const flow = useReactFlow();
  const ready = useDesigner((s) => s.activityTypes !== null && s.meta !== null);
  const message = useDesigner((s) => s.message);
  const status = useDesigner((s) => s.status);
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const fit = () => setTimeout(() => flow.fitView({ padding: 0.3, maxZoom: 1 }), 50);

  // Closing the designer empties it: the next journey opens on a clean slate.
  useEffect(() => resetDesigner, []);
  // The activity types, templates and the journey (its draft when there is one), once per journey id. The
  // message stays: an Elsa import reports here what it did, then opens the journey it made.
  useEffect(() => {
    const { open, set } = useDesigner.getState();
    useDesigner.setState({ meta: null, status: { status: 'new', version: null }, errors: [], diffMarks: {}, conflict: null });
    const controller = new AbortController();
    const signal = controller.signal;
    (async () => {
      const [activities, catalog, templates] = await Promise.all([
        unwrap(api.GET('/api/activities', { signal })), loadCatalog(), unwrap(api.GET('/api/templates', { signal }))]);
      const context = { activityTypes: Object.fromEntries(activities.map((a) => [a.type, a])), templates: templates.templates, triggerFields: catalog.triggerFields };
      try {
        const journey = await unwrap(api.GET('/api/journeys/{id}', { params: { path: { id } }, signal }));
        set({ status: { status: journey.status, version: journey.version, hasDraft: !!journey.draft }, conflict: journey.conflict ?? null });
        open((journey.draft ?? journey.definition) as unknown as Definition, context);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
        const name = new URLSearchParams(window.location.search).get('name') || id;
        open({ id, name, triggers: [{ type: 'LeadCreated' }], activities: [], connections: [] }, context);
      }
      // Fit once the loaded steps are measured; not on every first node, or a drop would move the view.
      if (useDesigner.getState().nodes.length) fit();
    })().catch((e) => { if (!signal.aborted) set({ message: { kind: 'error', text: messageOf(e) } }); });
    return () => controller.abort();
  }, [id]); // eslint-disable-line react-hooks/exhaustive-deps -- fit reads the flow instance, the same for this page

  useValidation();
  useLeaveWarning();

  // Live counts per activity on a published journey.
  const live = status.status === 'published';
  const { data: stats } = useQuery({
    queryKey: ['journey-stats', id, status.version],
    enabled: live,
    queryFn: async ({ signal }) => Object.fromEntries(
      (await unwrap(api.GET('/api/journeys/{id}/stats', { params: { path: { id } }, signal }))).map((r) => [r.activityId, r])),
    refetchInterval: 2000,
  });

  if (!ready) return <p className="loading">{message?.text ?? 'Loading the designer…'}</p>;
  return (
    <div className="designer">
      <DesignerBar id={id} />
      <div className="designer-body">
        <Toolbox />
        <div className="designer-center">
          <Messages />
          <Canvas stats={live ? stats ?? NO_COUNTS : null}
            simulated={simulation ? Object.fromEntries(simulation.result.steps.map((s) => [s.id, s])) : null} />
        </div>
        <aside className="properties" aria-label="Properties">
          <SidePanel />
          <SimulatePanel id={id} result={simulation} onResult={setSimulation}
            beforeRun={async () => { if (unsavedNow() || (!status.hasDraft && status.status !== 'published')) await saveDraft(id); }} />
          <VersionHistory id={id} version={status.version} onImport={(file) => importElsa(id, file, fit)}
            onDiff={(d) => useDesigner.getState().set({ diffMarks: Object.fromEntries([
              ...d.activitiesAdded.map((a) => [a, 'added'] as const), ...d.activitiesChanged.map((c) => [c.id, 'changed'] as const)]) })} />
        </aside>
      </div>
    </div>
  );
}

/** The definition being edited, rebuilt only when the journey changes (not when the selection or a message does). */
function useDefinition(): Definition | null {
  const meta = useDesigner((s) => s.meta);
  const nodes = useDesigner((s) => s.nodes);
  const edges = useDesigner((s) => s.edges);
  const triggerFields = useDesigner((s) => s.triggerFields);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store builds it from exactly these
  return useMemo(() => useDesigner.getState().definition(), [meta, nodes, edges, triggerFields]);
}

/**
 * Validates as the marketer edits (debounced); errors land on the activity they name. An answer that
 * arrives after a newer edit is dropped (its request aborted), or it would show errors already fixed.
 */
function useValidation() {
  const definition = useDefinition();
  useEffect(() => {
    if (!definition) return undefined;
    const { set } = useDesigner.getState();
    const controller = new AbortController();
    set({ validating: true });
    const timer = setTimeout(() => {
      unwrap(api.POST('/api/journeys/validate', { body: asBody(definition), signal: controller.signal }))
        .then((r) => { set({ errors: r.errors, validating: false }); })
        .catch(() => { if (!controller.signal.aborted) set({ validating: false }); });
    }, 300);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [definition]);
}

/** Whether the canvas differs from the saved draft, read when asked: subscribing would re-render the whole page on every edit. */
function unsavedNow(): boolean {
  const { definition, savedJson } = useDesigner.getState();
  const current = definition();
  return current !== null && savedJson !== null && JSON.stringify(current) !== savedJson;
}

/** Whether the definition differs from the one last loaded or saved. */
function useUnsaved(): boolean {
  const definition = useDefinition();
  const savedJson = useDesigner((s) => s.savedJson);
  return definition !== null && savedJson !== null && JSON.stringify(definition) !== savedJson;
}

/** Leaving the page (reload, close, another site) with unsaved changes asks first. */
function useLeaveWarning() {
  const unsaved = useUnsaved();
  useEffect(() => {
    if (!unsaved) return undefined;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}

/** Runs a toolbar action; its failure (with the server's errors, placed on their steps) becomes the message. */
async function run(action: () => Promise<void>) {
  const { set } = useDesigner.getState();
  set({ message: null });
  try { await action(); } catch (e) {
    if (e instanceof ApiError && e.errors.length) set({ errors: e.errors });
    set({ message: { kind: 'error', text: messageOf(e) } });
  }
}

async function saveDraft(id: string) {
  const store = useDesigner.getState();
  const definition = store.definition()!;
  const result = await unwrap(api.PUT('/api/journeys/{id}/draft', { params: { path: { id } }, body: asBody(definition) }));
  store.markSaved(definition);
  store.set({ errors: result.errors, status: { ...useDesigner.getState().status, hasDraft: true } });
  return result;
}

const save = (id: string) => run(async () => {
  const result = await saveDraft(id);
  useDesigner.getState().set({ message: { kind: 'ok', text: result.publishable ? 'Draft saved; it can be published.' : `Draft saved with ${result.errors.length} error(s).` } });
});

const publish = (id: string) => run(async () => {
  const { set } = useDesigner.getState();
  const saved = await saveDraft(id);
  if (!saved.publishable) {
    set({ message: { kind: 'error', text: `Not published: fix the ${saved.errors.length} error(s) first.` } });
    return;
  }
  const published = await unwrap(api.POST('/api/journeys/{id}/publish', { params: { path: { id } } }));
  set({ status: { status: 'published', version: published.version, hasDraft: false }, message: { kind: 'ok', text: `Published version ${published.version}.` } });
});

const exportToFile = (id: string) => run(async () => {
  const exported = await unwrap(api.POST('/api/journeys/{id}/export', { params: { path: { id } } }));
  useDesigner.getState().set({ conflict: null, message: { kind: 'ok', text: `Exported version ${exported.version} to ${exported.file}.` } });
});

const importElsa = (id: string, file: File, fit: () => void) => run(async () => {
  const imported = await unwrap(api.POST('/api/journeys/import/elsa', { body: JSON.parse(await file.text()) }));
  const store = useDesigner.getState();
  if (imported.journey.id !== id) navigate(`/journeys/${encodeURIComponent(imported.journey.id ?? '')}`);
  else {
    store.open(imported.journey as unknown as Definition, { activityTypes: store.activityTypes ?? {}, templates: store.templates, triggerFields: store.triggerFields });
    fit();
  }
  store.set({ message: { kind: 'ok', text: `Imported from Elsa as a draft (${imported.report?.unmapped?.length ?? 0} unmapped).` } });
});

/** Two fixed rows: a badge appearing never wraps the bar and moves the toolbox under a pointer. */
function DesignerBar({ id }: { id: string }) {
  const flow = useReactFlow();
  const { meta, status, undoStack, redoStack, undo, redo, layout, set } = useDesigner();
  const unsaved = useUnsaved();
  if (!meta) return null;
  return (
    <>
      <div className="designer-bar">
        <h1>{meta.name || id}</h1>
        <span className={`badge ${status.status}`} data-testid="journey-status">
          {status.status === 'published' ? `published v${status.version}` : status.status}{status.hasDraft ? ' · draft' : ''}
        </span>
        {unsaved && <span className="badge unsaved" data-testid="unsaved">unsaved changes</span>}
        <span className="spacer" />
        <button type="button" className="secondary" onClick={undo} disabled={undoStack.length === 0} title="Undo (Ctrl+Z)">Undo</button>
        <button type="button" className="secondary" onClick={redo} disabled={redoStack.length === 0} title="Redo (Ctrl+Y)">Redo</button>
        <button type="button" className="secondary" onClick={() => { layout(); setTimeout(() => flow.fitView({ padding: 0.2 }), 50); }}>Auto-layout</button>
        <button type="button" className="secondary" onClick={() => save(id)}>Save draft</button>
        <button type="button" onClick={() => publish(id)}>Publish</button>
        <button type="button" className="secondary" onClick={() => exportToFile(id)} disabled={status.status !== 'published'}
          title="Write the version in force to its file in workflows/, for git">Export to file</button>
      </div>
      <div className="designer-bar">
        <label htmlFor="journey-name" className="inline">Name</label>
        <input id="journey-name" value={meta.name ?? ''} onChange={(e) => set({ meta: { ...meta, name: e.target.value } })} />
        <span className="muted">Starts on {(meta.triggers ?? []).map((t) => t.type).join(', ') || 'the API only'}: click the canvas's background for the journey's settings.</span>
      </div>
    </>
  );
}

/** Errors that name no step on the canvas, the last action's outcome, and a conflict with the journey's file. */
function journeyErrorsOf(errors: Schemas['ErrorBody'][], nodeIds: string[]) {
  return errors.filter((e) => !e.activityId || !nodeIds.includes(e.activityId));
}

/** A strip of fixed height: messages coming and going never move the canvas (or the toolbox) under a pointer. */
function Messages() {
  const { message, conflict, errors, nodes } = useDesigner();
  const journeyErrors = journeyErrorsOf(errors, nodes.map((n) => n.id));
  return (
    <div className="designer-messages">
      <Notice message={message} />
      {conflict && <p className="warning" role="alert" data-testid="journey-conflict">{conflict}</p>}
      {journeyErrors.length > 0 && (
        <ul className="journey-errors" aria-label="Journey errors">
          {journeyErrors.map((e, i) => <li key={i} className="error">{e.activityId ? `${e.activityId}: ` : ''}{e.message}</li>)}
        </ul>
      )}
    </div>
  );
}

/** The selected step's properties, or the journey's settings while no step is selected. */
function SidePanel() {
  const { nodes, selectedId, activityTypes, templates, errors, meta, updateProperties, rename, deleteSelected, set } = useDesigner();
  const selected = nodes.find((n) => n.id === selectedId);
  if (!meta) return null;
  if (!selected) return <JourneySettings meta={meta} errors={journeyErrorsOf(errors, nodes.map((n) => n.id))} onChange={(next) => set({ meta: next })} />;
  return (
    <PropertyPanel node={selected} journeyId={meta.id} descriptor={activityTypes?.[selected.data.activityType]} templates={templates}
      errors={errors.filter((e) => e.activityId === selected.id)}
      onChange={(properties) => updateProperties(selected.id, properties)} onRename={(to) => rename(selected.id, to)} onDelete={deleteSelected} />
  );
}

import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { ReactFlow, ReactFlowProvider, Background, Controls, MiniMap, useReactFlow, applyNodeChanges, applyEdgeChanges } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { ApiError, get, post, put } from '../api.js';
import { navigate } from '../router.js';
import { ActivityNode } from '../designer/ActivityNode.jsx';
import { PropertyPanel } from '../designer/PropertyPanel.jsx';
import { JourneySettings } from '../designer/JourneySettings.jsx';
import { loadCatalog, useCatalog } from '../catalog.js';
import { autoLayout, edgeOf, newId, outcomesOf, toDefinition, toFlow } from '../designer/graph.js';
import { VersionHistory } from '../designer/VersionHistory.jsx';
import { useHistory } from '../designer/useHistory.js';
import { Notice } from '../components/Notice.jsx';

const nodeTypes = { activity: ActivityNode };
const DRAG_TYPE = 'application/x-nurture-activity';

export function Designer({ id }) {
  return (
    <ReactFlowProvider>
      <DesignerCanvas id={id} />
    </ReactFlowProvider>
  );
}

function DesignerCanvas({ id }) {
  const flow = useReactFlow();
  const [catalog, setCatalog] = useState(null);
  const [templates, setTemplates] = useState([]);
  const [meta, setMeta] = useState(null);
  const [status, setStatus] = useState({ status: 'new', version: null });
  const [nodes, setNodes] = useState([]);
  const [edges, setEdges] = useState([]);
  const [selectedId, setSelectedId] = useState(null);
  const [errors, setErrors] = useState([]);
  const [validating, setValidating] = useState(false);
  const validation = useRef(0); // the latest validation asked for; older answers are stale
  const [message, setMessage] = useState(null);
  const [stats, setStats] = useState({});
  const [savedJson, setSavedJson] = useState(null); // the definition as last loaded or saved
  const [conflict, setConflict] = useState(null);
  const [diffMarks, setDiffMarks] = useState({}); // step id → "added" | "changed", from the last diff asked for // the file in workflows/ changed too: the server kept this version

  // Load the activity catalog, templates and the journey (its draft when there is one), once per journey id.
  const show = useEffectEvent((definition, byType, triggerFields) => load(definition, byType, triggerFields));
  useEffect(() => {
    (async () => {
      const [activities, { triggerFields }] = await Promise.all([get('/api/activities'), loadCatalog()]);
      const byType = Object.fromEntries(activities.map((a) => [a.type, a]));
      setCatalog(byType);
      setTemplates((await get('/api/templates')).templates);
      try {
        const journey = await get(`/api/journeys/${encodeURIComponent(id)}`);
        const definition = journey.draft ?? journey.definition;
        setStatus({ status: journey.status, version: journey.version, hasDraft: !!journey.draft });
        setConflict(journey.conflict ?? null);
        show(definition, byType, triggerFields);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
        show({ id, name: new URLSearchParams(window.location.search).get('name') || id, triggers: [{ type: 'LeadCreated' }], activities: [], connections: [] }, byType, triggerFields);
      }
    })().catch((e) => setMessage({ kind: 'error', text: e.message }));
  }, [id]);

  function load(definition, byType, triggerFields) {
    const { activities, connections, ...rest } = definition;
    setMeta(rest);
    const flowGraph = toFlow(definition, byType);
    setNodes(flowGraph.nodes);
    setEdges(flowGraph.edges);
    setSavedJson(JSON.stringify(toDefinition(rest, flowGraph.nodes, flowGraph.edges, triggerFields)));
    reset();
    // Fit once the loaded steps are measured; not on every first node, or a drop would move the view.
    if (flowGraph.nodes.length) setTimeout(() => flow.fitView({ padding: 0.3, maxZoom: 1 }), 50);
  }

  const triggerFields = useCatalog()?.triggerFields; // which fields each trigger type keeps, from the server
  const definition = useMemo(
    () => (meta && triggerFields ? toDefinition(meta, nodes, edges, triggerFields) : null), [meta, nodes, edges, triggerFields]);
  const unsaved = definition !== null && savedJson !== null && JSON.stringify(definition) !== savedJson;

  // Leaving the page (reload, close, another site) with unsaved changes asks first.
  useEffect(() => {
    if (!unsaved) return undefined;
    const warn = (e) => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  // Validate as the marketer edits (debounced); errors land on the activity they name. An answer that
  // arrives after a newer edit is dropped, or it would show errors the marketer has already fixed.
  useEffect(() => {
    if (!definition) return undefined;
    const asked = ++validation.current;
    setValidating(true);
    const timer = setTimeout(() => {
      post('/api/journeys/validate', definition)
        .then((r) => { if (asked === validation.current) setErrors(r.errors); })
        .catch(() => {})
        .finally(() => { if (asked === validation.current) setValidating(false); });
    }, 300);
    return () => clearTimeout(timer);
  }, [definition]);

  // Live counts per activity on a published journey.
  useEffect(() => {
    if (status.status !== 'published') return undefined;
    let stop = false;
    const poll = async () => {
      try {
        const rows = await get(`/api/journeys/${encodeURIComponent(id)}/stats`);
        if (!stop) setStats(Object.fromEntries(rows.map((r) => [r.activityId, r])));
      } catch { /* the next poll tries again */ }
    };
    poll();
    const timer = setInterval(poll, 2000);
    return () => { stop = true; clearInterval(timer); };
  }, [id, status.status, status.version]);

  const { remember, undo, redo, reset, canUndo, canRedo } = useHistory(nodes, edges, setNodes, setEdges);

  const onNodesChange = useCallback((changes) => {
    if (changes.some((c) => c.type === 'remove')) remember();
    setNodes((current) => applyNodeChanges(changes, current));
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length) setEdges((current) => current.filter((e) => !removed.includes(e.source) && !removed.includes(e.target)));
  }, [remember, setNodes, setEdges]);
  const onEdgesChange = useCallback((changes) => {
    if (changes.some((c) => c.type === 'remove')) remember();
    setEdges((current) => applyEdgeChanges(changes, current));
  }, [remember, setEdges]);

  const onConnect = useCallback((connection) => {
    if (connection.source === connection.target) return;
    remember();
    // A port leads to one activity: connecting it again moves the connection.
    setEdges((current) => [
      ...current.filter((e) => !(e.source === connection.source && e.sourceHandle === connection.sourceHandle)),
      edgeOf(connection.source, connection.sourceHandle, connection.target),
    ]);
  }, [remember, setEdges]);

  function addActivity(type, position) {
    const descriptor = catalog[type];
    remember();
    const nodeId = newId(type, nodes);
    setNodes((current) => [...current.map((n) => ({ ...n, selected: false })), {
      id: nodeId, type: 'activity', position, selected: true,
      data: { activityType: type, properties: {}, outcomes: outcomesOf(descriptor, {}) },
    }]);
    setSelectedId(nodeId);
  }

  function onDrop(e) {
    e.preventDefault();
    const type = e.dataTransfer.getData(DRAG_TYPE);
    if (!type || !catalog[type]) return;
    addActivity(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  }

  function updateProperties(nodeId, properties) {
    remember();
    setNodes((current) => current.map((n) => (n.id === nodeId
      ? { ...n, data: { ...n.data, properties, outcomes: outcomesOf(catalog[n.data.activityType], properties) } }
      : n)));
  }

  /** Renames a step and its connections; returns the problem instead when the id is not usable. */
  function renameNode(from, to) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(to)) return 'An id is letters, digits, "-" or "_", starting with a letter or digit.';
    if (nodes.some((n) => n.id === to)) return `Another step is already called ${to}.`;
    remember();
    setNodes((current) => current.map((n) => (n.id === from ? { ...n, id: to } : n)));
    setEdges((current) => current.map((e) => (e.source === from || e.target === from
      ? edgeOf(e.source === from ? to : e.source, e.sourceHandle, e.target === from ? to : e.target)
      : e)));
    setSelectedId(to);
    return null;
  }

  function deleteSelected() {
    remember();
    setNodes((current) => current.filter((n) => n.id !== selectedId));
    setEdges((current) => current.filter((e) => e.source !== selectedId && e.target !== selectedId));
    setSelectedId(null);
  }

  function layout() {
    remember();
    setNodes(autoLayout(nodes, edges));
    setTimeout(() => flow.fitView({ padding: 0.2 }), 50);
  }

  async function saveDraft() {
    const result = await put(`/api/journeys/${encodeURIComponent(id)}/draft`, definition);
    setSavedJson(JSON.stringify(definition));
    setErrors(result.errors);
    setStatus((s) => ({ ...s, hasDraft: true }));
    return result;
  }

  async function run(action) {
    setMessage(null);
    try { await action(); } catch (e) {
      if (e instanceof ApiError && e.errors.length) setErrors(e.errors);
      setMessage({ kind: 'error', text: e.message });
    }
  }

  const onSave = () => run(async () => {
    const result = await saveDraft();
    setMessage({ kind: 'ok', text: result.publishable ? 'Draft saved; it can be published.' : `Draft saved with ${result.errors.length} error(s).` });
  });

  const onPublish = () => run(async () => {
    const saved = await saveDraft();
    if (!saved.publishable) {
      setMessage({ kind: 'error', text: `Not published: fix the ${saved.errors.length} error(s) first.` });
      return;
    }
    const published = await post(`/api/journeys/${encodeURIComponent(id)}/publish`);
    setStatus({ status: 'published', version: published.version, hasDraft: false });
    setMessage({ kind: 'ok', text: `Published version ${published.version}.` });
  });

  const onExport = () => run(async () => {
    const exported = await post(`/api/journeys/${encodeURIComponent(id)}/export`);
    setConflict(null);
    setMessage({ kind: 'ok', text: `Exported version ${exported.version} to ${exported.file}.` });
  });

  const onImport = (file) => run(async () => {
    const imported = await post('/api/journeys/import/elsa', await file.text());
    if (imported.journey.id !== id) navigate(`/journeys/${encodeURIComponent(imported.journey.id)}`);
    else load(imported.journey, catalog, (await loadCatalog()).triggerFields);
    setMessage({ kind: 'ok', text: `Imported from Elsa as a draft (${imported.report?.unmapped?.length ?? 0} unmapped).` });
  });

  if (!catalog || !meta) return <p className="loading">{message?.text ?? 'Loading the designer…'}</p>;

  const errorsByNode = {};
  errors.forEach((e) => { if (e.activityId) (errorsByNode[e.activityId] ??= []).push(e); });
  const journeyErrors = errors.filter((e) => !e.activityId || !nodes.some((n) => n.id === e.activityId));
  // On a published journey every step shows its counts, zero until a lead reaches it.
  const live = status.status === 'published';
  const shownNodes = nodes.map((n) => ({
    ...n,
    data: { ...n.data, errors: errorsByNode[n.id] ?? [], stats: live ? stats[n.id] ?? { waiting: 0, passed: 0, exited: 0 } : undefined, diff: diffMarks[n.id] },
  }));
  const selected = nodes.find((n) => n.id === selectedId);

  return (
    <div className="designer">
      {/* Two fixed rows: a badge appearing never wraps the bar and moves the toolbox under a pointer. */}
      <div className="designer-bar">
        <h1>{meta.name || id}</h1>
        <span className={`badge ${status.status}`} data-testid="journey-status">
          {status.status === 'published' ? `published v${status.version}` : status.status}{status.hasDraft ? ' · draft' : ''}
        </span>
        {unsaved && <span className="badge unsaved" data-testid="unsaved">unsaved changes</span>}
        <span className="spacer" />
        <button type="button" className="secondary" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">Undo</button>
        <button type="button" className="secondary" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Y)">Redo</button>
        <button type="button" className="secondary" onClick={layout}>Auto-layout</button>
        <button type="button" className="secondary" onClick={onSave}>Save draft</button>
        <button type="button" onClick={onPublish}>Publish</button>
        <button type="button" className="secondary" onClick={onExport} disabled={status.status !== 'published'}
          title="Write the version in force to its file in workflows/, for git">Export to file</button>
      </div>
      <div className="designer-bar">
        <label htmlFor="journey-name" className="inline">Name</label>
        <input id="journey-name" value={meta.name ?? ''} onChange={(e) => setMeta({ ...meta, name: e.target.value })} />
        <span className="muted">Starts on {(meta.triggers ?? []).map((t) => t.type).join(', ') || 'the API only'}: click the canvas's background for the journey's settings.</span>
      </div>
      <div className="designer-body">
        <aside className="toolbox" aria-label="Toolbox">
          <h2>Activities</h2>
          <p className="muted">Drag onto the canvas, or press to add.</p>
          <ul>
            {Object.values(catalog).map((a) => (
              <li key={a.type}>
                <button type="button" className="tool" draggable data-activity={a.type} title={a.description}
                  onDragStart={(e) => { e.dataTransfer.setData(DRAG_TYPE, a.type); e.dataTransfer.effectAllowed = 'move'; }}
                  onClick={() => addActivity(a.type, { x: 40 + nodes.length * 30, y: 40 + nodes.length * 120 })}>
                  {a.type}
                </button>
              </li>
            ))}
          </ul>
        </aside>
        <div className="designer-center">
          {/* A strip of fixed height: messages coming and going never move the canvas (or the toolbox) under a pointer. */}
          <div className="designer-messages">
            <Notice message={message} />
            {conflict && <p className="warning" role="alert" data-testid="journey-conflict">{conflict}</p>}
            {journeyErrors.length > 0 && (
              <ul className="journey-errors" aria-label="Journey errors">
                {journeyErrors.map((e, i) => <li key={i} className="error">{e.activityId ? `${e.activityId}: ` : ''}{e.message}</li>)}
              </ul>
            )}
          </div>
          {/* Busy while a validation is pending: its errors resize the steps they land on. */}
          <div className="canvas" data-testid="canvas" aria-busy={validating} onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop}>
            <ReactFlow nodes={shownNodes} edges={edges} nodeTypes={nodeTypes}
              onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} onConnect={onConnect}
              onNodeDragStart={remember}
              onSelectionChange={({ nodes: picked }) => setSelectedId(picked[0]?.id ?? null)}
              deleteKeyCode={['Delete', 'Backspace']} defaultViewport={{ x: 40, y: 20, zoom: 1 }}>
              <Background />
              <Controls />
              <MiniMap pannable zoomable ariaLabel="Overview of the journey" />
            </ReactFlow>
          </div>
        </div>
        <aside className="properties" aria-label="Properties">
          {selected
            ? <PropertyPanel node={selected} descriptor={catalog[selected.data.activityType]} templates={templates}
              errors={errorsByNode[selected.id] ?? []}
              onChange={(properties) => updateProperties(selected.id, properties)} onRename={(to) => renameNode(selected.id, to)} onDelete={deleteSelected} />
            : <JourneySettings meta={meta} errors={journeyErrors} onChange={setMeta} />}
          <VersionHistory id={id} version={status.version} onImport={onImport}
            onDiff={(d) => setDiffMarks(Object.fromEntries([...d.activitiesAdded.map((a) => [a, 'added']), ...d.activitiesChanged.map((c) => [c.id, 'changed'])]))} />
        </aside>
      </div>
    </div>
  );
}

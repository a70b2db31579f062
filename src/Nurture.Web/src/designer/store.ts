// The designer's state in one store: the journey being edited (settings and steps), what the server said
// about it (errors, status), the selection, and undo/redo. The canvas, the toolbox and the panels read
// what they draw from here and change it through its actions, so no component hands state to another.
import { applyEdgeChanges, applyNodeChanges, type Connection as FlowConnection, type Edge, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import { create } from 'zustand';
import type { Schemas } from '../api/client';
import type { Message } from '../components/Notice';
import { autoLayout, edgeOf, newId, outcomesOf, toDefinition, toFlow, type ActivityType, type Step } from './graph';
import type { Definition, JourneyMeta, Properties } from './journeyShape';

export type Status = { status: string; version: number | null; hasDraft?: boolean };
type Snapshot = { nodes: Step[]; edges: Edge[] };
type Context = { activityTypes: Record<string, ActivityType>; templates: Schemas['TemplateSummary'][]; triggerFields: Record<string, string[]> };

type State = {
  activityTypes: Record<string, ActivityType> | null;
  templates: Schemas['TemplateSummary'][];
  triggerFields: Record<string, string[]>;
  meta: JourneyMeta | null;
  nodes: Step[];
  edges: Edge[];
  selectedId: string | null;
  status: Status;
  errors: Schemas['ErrorBody'][];
  validating: boolean;
  message: Message | null;
  conflict: string | null;
  diffMarks: Record<string, 'added' | 'changed'>;
  /** The definition as last loaded or saved: what "unsaved changes" compares with. */
  savedJson: string | null;
  undoStack: Snapshot[];
  redoStack: Snapshot[];
};

type Actions = {
  open(definition: Definition, context: Context): void;
  definition(): Definition | null;
  markSaved(definition: Definition): void;
  set(changes: Partial<Pick<State, 'status' | 'errors' | 'validating' | 'message' | 'conflict' | 'diffMarks' | 'meta'>>): void;
  /** Takes a snapshot for undo; called before every change to the steps. */
  remember(): void;
  undo(): void;
  redo(): void;
  changeNodes(changes: NodeChange<Step>[]): void;
  changeEdges(changes: EdgeChange[]): void;
  connect(connection: FlowConnection): void;
  addActivity(type: string, position: XYPosition): void;
  select(id: string | null): void;
  updateProperties(nodeId: string, properties: Properties): void;
  /** Renames a step and its connections; returns the problem instead when the id is not usable. */
  rename(from: string, to: string): string | null;
  deleteSelected(): void;
  layout(): void;
};

const initial: State = {
  activityTypes: null, templates: [], triggerFields: {}, meta: null, nodes: [], edges: [], selectedId: null,
  status: { status: 'new', version: null }, errors: [], validating: false, message: null, conflict: null,
  diffMarks: {}, savedJson: null, undoStack: [], redoStack: [],
};

export const useDesigner = create<State & Actions>()((set, get) => ({
  ...initial,

  open(definition, { activityTypes, templates, triggerFields }) {
    const { activities, connections, ...meta } = definition;
    const { nodes, edges } = toFlow({ ...meta, activities, connections }, activityTypes);
    set({
      activityTypes, templates, triggerFields, meta, nodes, edges, selectedId: null, undoStack: [], redoStack: [],
      savedJson: JSON.stringify(toDefinition(meta, nodes, edges, triggerFields)),
    });
  },

  definition() {
    const { meta, nodes, edges, triggerFields } = get();
    return meta ? toDefinition(meta, nodes, edges, triggerFields) : null;
  },

  markSaved(definition) { set({ savedJson: JSON.stringify(definition) }); },

  set(changes) { set(changes); },

  remember() {
    const { nodes, edges, undoStack } = get();
    set({ undoStack: [...undoStack, { nodes, edges }], redoStack: [] });
  },

  undo() {
    const { nodes, edges, undoStack, redoStack } = get();
    const snapshot = undoStack.at(-1);
    if (snapshot) set({ ...snapshot, undoStack: undoStack.slice(0, -1), redoStack: [...redoStack, { nodes, edges }] });
  },

  redo() {
    const { nodes, edges, undoStack, redoStack } = get();
    const snapshot = redoStack.at(-1);
    if (snapshot) set({ ...snapshot, redoStack: redoStack.slice(0, -1), undoStack: [...undoStack, { nodes, edges }] });
  },

  changeNodes(changes) {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length) get().remember();
    set(({ nodes, edges }) => ({
      nodes: applyNodeChanges(changes, nodes),
      edges: removed.length ? edges.filter((e) => !removed.includes(e.source) && !removed.includes(e.target)) : edges,
    }));
  },

  changeEdges(changes) {
    if (changes.some((c) => c.type === 'remove')) get().remember();
    set(({ edges }) => ({ edges: applyEdgeChanges(changes, edges) }));
  },

  connect({ source, sourceHandle, target }) {
    if (source === target) return;
    get().remember();
    // A port leads to one activity: connecting it again moves the connection.
    set(({ edges }) => ({
      edges: [...edges.filter((e) => !(e.source === source && e.sourceHandle === sourceHandle)), edgeOf(source, sourceHandle, target)],
    }));
  },

  addActivity(type, position) {
    const descriptor = get().activityTypes?.[type];
    if (!descriptor) return;
    get().remember();
    const id = newId(type, get().nodes);
    set(({ nodes }) => ({
      nodes: [...nodes.map((n) => ({ ...n, selected: false })), {
        id, type: 'activity' as const, position, selected: true,
        data: { activityType: type, properties: {}, outcomes: outcomesOf(descriptor, {}) },
      }],
      selectedId: id,
    }));
  },

  // Unchanged selection, no update: React Flow reports the selection again whenever it is handed nodes.
  select(id) { if (get().selectedId !== id) set({ selectedId: id }); },

  updateProperties(nodeId, properties) {
    get().remember();
    set(({ nodes, activityTypes }) => ({
      nodes: nodes.map((n) => (n.id === nodeId
        ? { ...n, data: { ...n.data, properties, outcomes: outcomesOf(activityTypes?.[n.data.activityType], properties) } }
        : n)),
    }));
  },

  rename(from, to) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(to)) return 'An id is letters, digits, "-" or "_", starting with a letter or digit.';
    if (get().nodes.some((n) => n.id === to)) return `Another step is already called ${to}.`;
    get().remember();
    set(({ nodes, edges }) => ({
      nodes: nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
      edges: edges.map((e) => (e.source === from || e.target === from
        ? edgeOf(e.source === from ? to : e.source, e.sourceHandle, e.target === from ? to : e.target)
        : e)),
      selectedId: to,
    }));
    return null;
  },

  deleteSelected() {
    const { selectedId } = get();
    get().remember();
    set(({ nodes, edges }) => ({
      nodes: nodes.filter((n) => n.id !== selectedId),
      edges: edges.filter((e) => e.source !== selectedId && e.target !== selectedId),
      selectedId: null,
    }));
  },

  layout() {
    get().remember();
    set(({ nodes, edges }) => ({ nodes: autoLayout(nodes, edges) }));
  },
}));

/** Back to nothing loaded, when the designer closes: the next journey opens on a clean slate. */
export const resetDesigner = () => useDesigner.setState(initial);

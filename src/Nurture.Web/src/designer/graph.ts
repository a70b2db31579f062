// Converts between the journey definition the server stores and React Flow's nodes and edges,
// and lays the graph out top to bottom with dagre.
import dagre from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';
import type { Schemas } from '../api/client';
import { cleanSettings, cleanTrigger, type Definition, type JourneyMeta, type Properties } from './journeyShape';

/** What a step on the canvas carries; errors, counts and diff marks are added only when it is drawn. */
export type StepData = {
  activityType: string;
  properties: Properties;
  outcomes: string[];
  errors?: Schemas['ErrorBody'][];
  stats?: { waiting: number; passed: number; exited: number };
  /** The last simulation's figures for this step. */
  simulated?: { entered: number; left: number; stuck: number; failed: number };
  diff?: 'added' | 'changed';
};
export type Step = Node<StepData, 'activity'>;
export type ActivityType = Schemas['ActivityType'];

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 96;

/** The ports of one activity: fixed per type, except those that depend on its properties. */
export function outcomesOf(descriptor: ActivityType | undefined, properties: Properties | undefined): string[] {
  if (!descriptor) return [];
  if (Array.isArray(properties?.cases)) return [...(properties.cases as { name?: string }[]).map((c) => c.name ?? '').filter(Boolean), 'Default'];
  if (Array.isArray(properties?.branches)) return (properties.branches as { name?: string }[]).map((b) => b.name ?? '').filter(Boolean);
  return descriptor.outcomes;
}

export function toFlow(definition: Definition, catalog: Record<string, ActivityType>): { nodes: Step[]; edges: Edge[] } {
  const nodes = (definition.activities ?? []).map((a, i): Step => ({
    id: a.id,
    type: 'activity',
    position: a.position ?? { x: 0, y: i * 140 },
    data: { activityType: a.type, properties: a.properties ?? {}, outcomes: outcomesOf(catalog[a.type], a.properties) },
  }));
  const edges = (definition.connections ?? []).map((c) => edgeOf(c.from, c.outcome ?? 'Done', c.to));
  return { nodes, edges };
}

export function edgeOf(from: string, outcome: string | null | undefined, to: string): Edge {
  return { id: `${from}:${outcome}->${to}`, source: from, sourceHandle: outcome, target: to, label: outcome };
}

/** The journey as the API takes it; `triggerFields` (from the catalog) says which fields each trigger keeps. */
export function toDefinition(meta: JourneyMeta, nodes: Step[], edges: Edge[], triggerFields: Record<string, string[]>): Definition {
  const { settings, triggers, ...rest } = meta;
  const cleaned = cleanSettings(settings);
  return {
    ...rest,
    triggers: (triggers ?? []).map((t) => cleanTrigger(t, triggerFields)),
    ...(Object.keys(cleaned).length ? { settings: cleaned } : {}),
    activities: nodes.map((n) => ({
      id: n.id,
      type: n.data.activityType,
      ...(Object.keys(n.data.properties ?? {}).length ? { properties: n.data.properties } : {}),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    connections: edges.map((e) => ({ from: e.source, outcome: e.sourceHandle ?? undefined, to: e.target })),
  };
}

/** A fresh id for a new activity of a type: "sendemail-1", "sendemail-2", ... */
export function newId(type: string, nodes: Step[]): string {
  const base = type.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  for (let i = 1; ; i++) {
    const id = `${base}-${i}`;
    if (!nodes.some((n) => n.id === id)) return id;
  }
}

export function autoLayout(nodes: Step[], edges: Edge[]): Step[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60 });
  graph.setDefaultEdgeLabel(() => ({}));
  nodes.forEach((n) => graph.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT }));
  edges.forEach((e) => graph.setEdge(e.source, e.target));
  dagre.layout(graph);
  return nodes.map((n) => {
    const { x, y } = graph.node(n.id);
    return { ...n, position: { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 } };
  });
}

/** A short line under the node's title: what it sends, how long it waits. */
export function summaryOf(properties: Properties | undefined): string {
  if (!properties) return '';
  if (properties.template) return `template: ${properties.template}`;
  if (properties.duration) return `wait ${properties.duration}`;
  if (properties.signalTypes) return `for ${([] as unknown[]).concat(properties.signalTypes).join(', ')}${properties.timeout ? ` (timeout ${properties.timeout})` : ''}`;
  if (properties.tag) return `tag: ${properties.tag}`;
  if (properties.stage) return `stage: ${properties.stage}`;
  if (properties.condition) return `if ${describeCondition(properties.condition as Condition)}`;
  return '';
}

export type Condition = { field?: string; operator?: string; value?: unknown; all?: Condition[]; any?: Condition[]; not?: Condition };

function describeCondition(condition: Condition): string {
  if (condition.field) {
    const value = Array.isArray(condition.value) ? condition.value.join(', ') : condition.value ?? '';
    return `${condition.field} ${condition.operator} ${value}`.trim();
  }
  for (const mode of ['all', 'any'] as const) {
    const rules = condition[mode];
    if (Array.isArray(rules)) return rules.length === 1 ? describeCondition(rules[0]) : `${mode} of ${rules.length} rules`;
  }
  return condition.not ? 'not (…)' : '…';
}

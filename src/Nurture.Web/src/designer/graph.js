// Converts between the journey definition the server stores and React Flow's nodes and edges,
// and lays the graph out top to bottom with dagre.
import dagre from '@dagrejs/dagre';
import { cleanSettings, cleanTrigger } from './journeyShape.js';

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 96;

/** The ports of one activity: fixed per type, except those that depend on its properties. */
export function outcomesOf(descriptor, properties) {
  if (!descriptor) return [];
  if (Array.isArray(properties?.cases)) return [...properties.cases.map((c) => c.name).filter(Boolean), 'Default'];
  if (Array.isArray(properties?.branches)) return properties.branches.map((b) => b.name).filter(Boolean);
  return descriptor.outcomes;
}

export function toFlow(definition, catalog) {
  const nodes = (definition.activities ?? []).map((a, i) => ({
    id: a.id,
    type: 'activity',
    position: a.position ?? { x: 0, y: i * 140 },
    data: { activityType: a.type, properties: a.properties ?? {}, outcomes: outcomesOf(catalog[a.type], a.properties) },
  }));
  const edges = (definition.connections ?? []).map((c) => edgeOf(c.from, c.outcome ?? 'Done', c.to));
  return { nodes, edges };
}

export function edgeOf(from, outcome, to) {
  return { id: `${from}:${outcome}->${to}`, source: from, sourceHandle: outcome, target: to, label: outcome };
}

/** The journey as the API takes it; `triggerFields` (from the catalog) says which fields each trigger keeps. */
export function toDefinition(meta, nodes, edges, triggerFields) {
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
    connections: edges.map((e) => ({ from: e.source, outcome: e.sourceHandle, to: e.target })),
  };
}

/** A fresh id for a new activity of a type: "sendemail-1", "sendemail-2", ... */
export function newId(type, nodes) {
  const base = type.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  for (let i = 1; ; i++) {
    const id = `${base}-${i}`;
    if (!nodes.some((n) => n.id === id)) return id;
  }
}

export function autoLayout(nodes, edges) {
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
export function summaryOf(type, properties) {
  if (!properties) return '';
  if (properties.template) return `template: ${properties.template}`;
  if (properties.duration) return `wait ${properties.duration}`;
  if (properties.signalTypes) return `for ${[].concat(properties.signalTypes).join(', ')}${properties.timeout ? ` (timeout ${properties.timeout})` : ''}`;
  if (properties.tag) return `tag: ${properties.tag}`;
  if (properties.stage) return `stage: ${properties.stage}`;
  if (properties.condition) return `if ${describeCondition(properties.condition)}`;
  return '';
}

function describeCondition(condition) {
  if (condition.field) {
    const value = Array.isArray(condition.value) ? condition.value.join(', ') : condition.value ?? '';
    return `${condition.field} ${condition.operator} ${value}`.trim();
  }
  for (const mode of ['all', 'any']) {
    if (Array.isArray(condition[mode])) return condition[mode].length === 1 ? describeCondition(condition[mode][0]) : `${mode} of ${condition[mode].length} rules`;
  }
  return condition.not ? 'not (…)' : '…';
}

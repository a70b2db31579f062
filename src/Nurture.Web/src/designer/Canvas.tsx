import { useCallback, useEffect, useMemo, type DragEvent } from 'react';
import { ReactFlow, Background, Controls, MiniMap, useReactFlow, type OnSelectionChangeParams } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import '@xyflow/react/dist/style.css';
import type { Schemas } from '../api/client';
import { ActivityNode } from './ActivityNode';
import { DRAG_TYPE } from './Toolbox';
import { useDesigner } from './store';

const nodeTypes = { activity: ActivityNode };

/**
 * The journey's steps and connections. What is drawn adds to each step its errors, its live counts (on a
 * published journey, zero until a lead reaches it), the last simulation's counts and the last diff's mark.
 */
export function Canvas({ stats, simulated = null }: {
  stats: Record<string, Schemas['ActivityStats']> | null; simulated?: Record<string, Schemas['StepFigures']> | null;
}) {
  const flow = useReactFlow();
  // Only what is drawn: a change elsewhere in the store (a message, the selection) must not hand React Flow
  // new nodes, or its own updates (measuring, selecting) would feed back into ours.
  const { nodes, edges, errors, diffMarks, validating, activityTypes } = useDesigner(useShallow((s) => ({
    nodes: s.nodes, edges: s.edges, errors: s.errors, diffMarks: s.diffMarks, validating: s.validating, activityTypes: s.activityTypes,
  })));
  const { changeNodes, changeEdges, connect, remember, select, addActivity, undo, redo } = useDesigner.getState();
  const onSelectionChange = useCallback(({ nodes: picked }: OnSelectionChangeParams) => select(picked[0]?.id ?? null), [select]);

  useKeyboardHistory(undo, redo);

  function onDrop(e: DragEvent) {
    e.preventDefault();
    const type = e.dataTransfer.getData(DRAG_TYPE);
    if (type && activityTypes?.[type]) addActivity(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  }

  const shown = useMemo(() => nodes.map((n) => ({
    ...n,
    data: {
      ...n.data,
      errors: errors.filter((e) => e.activityId === n.id),
      stats: stats ? stats[n.id] ?? { waiting: 0, passed: 0, exited: 0 } : undefined,
      diff: diffMarks[n.id],
      simulated: simulated?.[n.id],
    },
  })), [nodes, errors, stats, diffMarks, simulated]);

  return (
    // Busy while a validation is pending: its errors resize the steps they land on.
    <div className="canvas" data-testid="canvas" aria-busy={validating} onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop}>
      <ReactFlow nodes={shown} edges={edges} nodeTypes={nodeTypes}
        onNodesChange={changeNodes} onEdgesChange={changeEdges} onConnect={connect}
        onNodeDragStart={remember}
        onSelectionChange={onSelectionChange}
        deleteKeyCode={['Delete', 'Backspace']} defaultViewport={{ x: 40, y: 20, zoom: 1 }}>
        <Background />
        <Controls />
        <MiniMap pannable zoomable ariaLabel="Overview of the journey" />
      </ReactFlow>
    </div>
  );
}

/** Ctrl+Z undoes, Ctrl+Y (or Ctrl+Shift+Z) redoes, outside form fields. */
function useKeyboardHistory(undo: () => void, redo: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (!(e.ctrlKey || e.metaKey) || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (e.key === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
      if (e.key === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey)) { e.preventDefault(); redo(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
}

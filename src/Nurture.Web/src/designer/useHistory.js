import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Undo and redo for the canvas: snapshots of nodes and edges taken before each change (add, connect,
 * move, delete, property edit, layout), with Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) outside form fields.
 */
export function useHistory(nodes, edges, setNodes, setEdges) {
  const stacks = useRef({ undo: [], redo: [] });
  const [, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);

  const remember = useCallback(() => {
    stacks.current.undo.push({ nodes, edges });
    stacks.current.redo = [];
    changed();
  }, [nodes, edges]);

  const step = useCallback((from, to) => {
    const snapshot = stacks.current[from].pop();
    if (!snapshot) return;
    stacks.current[to].push({ nodes, edges });
    setNodes(snapshot.nodes);
    setEdges(snapshot.edges);
    changed();
  }, [nodes, edges, setNodes, setEdges]);
  const undo = useCallback(() => step('undo', 'redo'), [step]);
  const redo = useCallback(() => step('redo', 'undo'), [step]);

  const reset = () => {
    stacks.current = { undo: [], redo: [] };
    changed();
  };

  useEffect(() => {
    const onKey = (e) => {
      if (!(e.ctrlKey || e.metaKey) || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName)) return;
      if (e.key === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
      if (e.key === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey)) { e.preventDefault(); redo(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  return { remember, undo, redo, reset, canUndo: stacks.current.undo.length > 0, canRedo: stacks.current.redo.length > 0 };
}

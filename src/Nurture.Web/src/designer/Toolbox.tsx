import { useDesigner } from './store';

/** The drag type a toolbox entry carries onto the canvas. */
export const DRAG_TYPE = 'application/x-nurture-activity';

/** The activities the server offers: dragged onto the canvas, or pressed to add below the last one. */
export function Toolbox() {
  const activityTypes = useDesigner((s) => s.activityTypes) ?? {};
  const count = useDesigner((s) => s.nodes.length);
  const addActivity = useDesigner((s) => s.addActivity);
  return (
    <aside className="toolbox" aria-label="Toolbox">
      <h2>Activities</h2>
      <p className="muted">Drag onto the canvas, or press to add.</p>
      <ul>
        {Object.values(activityTypes).map((a) => (
          <li key={a.type}>
            <button type="button" className="tool" draggable data-activity={a.type} title={a.description}
              onDragStart={(e) => { e.dataTransfer.setData(DRAG_TYPE, a.type); e.dataTransfer.effectAllowed = 'move'; }}
              onClick={() => addActivity(a.type, { x: 40 + count * 30, y: 40 + count * 120 })}>
              {a.type}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

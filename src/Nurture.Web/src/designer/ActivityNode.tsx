import { Handle, Position, type NodeProps } from '@xyflow/react';
import { summaryOf, type Step } from './graph';

/** One activity on the canvas: an input port on top, one output port per outcome below, its errors and live counts. */
export function ActivityNode({ id, data, selected }: NodeProps<Step>) {
  const errors = data.errors ?? [];
  const outcomes = data.outcomes ?? [];
  return (
    <div className={`activity-node${selected ? ' selected' : ''}${errors.length ? ' has-error' : ''}${data.diff ? ` diff-${data.diff}` : ''}`} data-testid={`node-${id}`}>
      <Handle type="target" position={Position.Top} id="in" title={`${id}: input`} />
      <div className="node-type">{data.activityType}{data.diff && <span className="diff-badge" data-testid={`diff-${id}`}>{data.diff}</span>}</div>
      <div className="node-id">{id}</div>
      <div className="node-summary">{summaryOf(data.properties)}</div>
      {data.stats && (
        <div className="node-stats" data-testid={`stats-${id}`}>
          waiting <b>{data.stats.waiting}</b> · passed <b>{data.stats.passed}</b> · exited <b>{data.stats.exited}</b>
        </div>
      )}
      {data.simulated && (
        <div className="node-simulated" data-testid={`sim-${id}`}>
          simulated: entered <b>{data.simulated.entered}</b> · left <b>{data.simulated.left}</b> · waiting at the end <b>{data.simulated.stuck}</b>
          {data.simulated.failed > 0 && <> · failed <b>{data.simulated.failed}</b></>}
        </div>
      )}
      {errors.map((e, i) => <div key={i} className="node-error" role="alert">{e.message}</div>)}
      <div className="ports">
        {outcomes.map((outcome, i) => (
          <span key={outcome} className="port-label" style={{ left: `${((i + 1) * 100) / (outcomes.length + 1)}%` }}>{outcome}</span>
        ))}
      </div>
      {outcomes.map((outcome, i) => (
        <Handle key={outcome} type="source" position={Position.Bottom} id={outcome} title={`${id}: ${outcome}`}
          style={{ left: `${((i + 1) * 100) / (outcomes.length + 1)}%` }} />
      ))}
    </div>
  );
}

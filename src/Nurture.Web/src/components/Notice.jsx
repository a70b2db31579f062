/** The outcome of the last action on a page: { kind: 'ok' | 'error', text }, announced to screen readers. */
export function Notice({ message }) {
  if (!message) return null;
  return <p className={message.kind === 'error' ? 'error' : 'ok'} role="status">{message.text}</p>;
}

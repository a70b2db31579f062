/** The outcome of the last action on a page, announced to screen readers. */
export type Message = { kind: 'ok' | 'error'; text: string };

export function Notice({ message }: { message: Message | null }) {
  if (!message) return null;
  return <p className={message.kind === 'error' ? 'error' : 'ok'} role="status">{message.text}</p>;
}

/** A failed load, shown where its data would be. */
export function LoadError({ error }: { error: unknown }) {
  if (!error) return null;
  return <p className="error" role="alert">{error instanceof Error ? error.message : String(error)}</p>;
}

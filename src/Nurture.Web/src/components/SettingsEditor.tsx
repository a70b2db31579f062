import { useEffect, useEffectEvent, useState } from 'react';
import { ApiError, api, messageOf, unwrap, type BodyOf } from '../api/client';

type Action = (body: never) => Promise<unknown>;

/**
 * A JSON setting kept in a file on the server (routing, score model): edit, optionally preview what it
 * would change, save. The server validates; nothing is written when it refuses, and every error is shown.
 */
export function SettingsEditor({ id, title, load, save, preview }: {
  id: string; title: string; load: () => Promise<unknown>; save: Action; preview?: Action;
}) {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [result, setResult] = useState<unknown>(null);

  // Loaded once: a parent that passes a new load function must not overwrite what is being edited.
  const loadText = useEffectEvent(() => load().then((value) => setText(JSON.stringify(value, null, 2)), (e) => setErrors([messageOf(e)])));
  useEffect(() => { loadText(); }, []);

  // The text is the marketer's: the server checks it against the route's shape and says what is wrong.
  async function run(action: Action) {
    setErrors([]); setResult(null);
    let body: never;
    try { body = JSON.parse(text) as never; } catch (e) { setErrors([`Not valid JSON: ${messageOf(e)}`]); return; }
    try { setResult(await action(body)); } catch (e) { setErrors(e instanceof ApiError ? e.messages : [messageOf(e)]); }
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <label htmlFor={id} className="sr-only">{title} (JSON)</label>
      <textarea id={id} className="code" rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="inline-form">
        {preview && <button type="button" className="secondary" onClick={() => run(preview)}>Preview</button>}
        <button type="button" onClick={() => run(save)}>Save {title.toLowerCase()}</button>
      </div>
      {errors.length > 0 && <ul role="alert">{errors.map((e, i) => <li key={i} className="error">{e}</li>)}</ul>}
      {result !== null && <pre className="diff" role="status">{JSON.stringify(result, null, 2)}</pre>}
    </section>
  );
}

export function Settings() {
  return (
    <>
      <h2>Settings</h2>
      <SettingsEditor id="routing-json" title="Routing" load={() => unwrap(api.GET('/api/routing'))}
        save={(body: BodyOf<'/api/routing', 'put'>) => unwrap(api.PUT('/api/routing', { body }))} />
      <SettingsEditor id="model-json" title="Score model" load={async () => (await unwrap(api.GET('/api/scoring/model'))).model}
        preview={(body: BodyOf<'/api/scoring/model/preview', 'post'>) => unwrap(api.POST('/api/scoring/model/preview', { body }))}
        save={(body: BodyOf<'/api/scoring/model', 'put'>) => unwrap(api.PUT('/api/scoring/model', { body }))} />
    </>
  );
}

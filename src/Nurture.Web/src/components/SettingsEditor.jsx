import { useEffect, useEffectEvent, useState } from 'react';
import { ApiError, api, get, post } from '../api.js';

/**
 * A JSON setting kept in a file on the server (routing, score model): edit, optionally preview what it
 * would change, save. The server validates; nothing is written when it refuses, and every error is shown.
 */
export function SettingsEditor({ id, title, load, save, preview }) {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState([]);
  const [result, setResult] = useState(null);

  // Loaded once: a parent that passes a new load function must not overwrite what is being edited.
  const loadText = useEffectEvent(() => load().then((value) => setText(JSON.stringify(value, null, 2)), (e) => setErrors([e.message])));
  useEffect(() => { loadText(); }, []);

  async function run(action) {
    setErrors([]); setResult(null);
    let body;
    try { body = JSON.parse(text); } catch (e) { setErrors([`Not valid JSON: ${e.message}`]); return; }
    try { setResult(await action(body)); } catch (e) { setErrors(e instanceof ApiError ? e.messages : [e.message]); }
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
      {result && <pre className="diff" role="status">{JSON.stringify(result, null, 2)}</pre>}
    </section>
  );
}

export function Settings() {
  return (
    <>
      <h2>Settings</h2>
      <SettingsEditor id="routing-json" title="Routing" load={() => get('/api/routing')} save={(body) => api('PUT', '/api/routing', body)} />
      <SettingsEditor id="model-json" title="Score model" load={async () => (await get('/api/scoring/model')).model}
        preview={(body) => post('/api/scoring/model/preview', body)} save={(body) => api('PUT', '/api/scoring/model', body)} />
    </>
  );
}

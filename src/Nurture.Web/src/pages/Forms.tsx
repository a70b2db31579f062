// The embeddable forms: the list, and an editor of a form's file with its errors named by field, a
// refusal when someone saved meanwhile, and the plain HTML page as visitors see it.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { Link, navigate } from '../router';
import { LoadError, Notice, type Message } from '../components/Notice';

const NEW_FORM = `{
  "title": "New form",
  "fields": [
    { "name": "email", "label": "Work email", "type": "Email", "required": true }
  ],
  "submit": "Send",
  "thankYou": "Thank you."
}
`;

export function FormList() {
  const { data, error } = useQuery({ queryKey: ['forms'], queryFn: ({ signal }) => unwrap(api.GET('/api/forms', { signal })) });
  const [newName, setNewName] = useState('');
  if (!data) return error ? <LoadError error={error} /> : <p className="loading">Loading…</p>;
  return (
    <>
      <h1>Forms</h1>
      <table>
        <caption className="sr-only">Embeddable forms</caption>
        <thead><tr><th scope="col">Form</th><th scope="col">Title</th><th scope="col">Fields</th><th scope="col">Version</th></tr></thead>
        <tbody>
          {data.map((f) => (
            <tr key={f.name}>
              <td><Link to={`/forms/${encodeURIComponent(f.name)}`}>{f.name}</Link></td><td>{f.title}</td><td>{f.fields}</td><td>{f.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>New form</h2>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); navigate(`/forms/${encodeURIComponent(newName)}`); }}>
        <label htmlFor="new-form">Name</label>
        <input id="new-form" required pattern="[a-z0-9][a-z0-9\-]*" title="lower-case letters, digits and dashes" value={newName} onChange={(e) => setNewName(e.target.value)} />
        <button type="submit">Create</button>
      </form>
    </>
  );
}

export function FormEditor({ name }: { name: string }) {
  const [json, setJson] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [errors, setErrors] = useState<string[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const [shown, setShown] = useState(0); // reloads the page preview after a save
  const path = { params: { path: { name } } };

  useEffect(() => {
    unwrap(api.GET('/api/forms/{name}', { params: { path: { name } } }))
      .then((f) => { setJson(f.json); setVersion(f.version); })
      .catch((e) => (e instanceof ApiError && e.status === 404 ? setJson(NEW_FORM) : setMessage({ kind: 'error', text: messageOf(e) })));
  }, [name]);

  async function save() {
    setErrors([]);
    try {
      const saved = await unwrap(api.PUT('/api/forms/{name}', {
        params: { ...path.params, query: { expectedVersion: version } },
        body: json as never,
        bodySerializer: (text: unknown) => text as string,
        headers: { 'Content-Type': 'application/json' },
      }));
      setVersion(saved.version);
      setShown((n) => n + 1);
      setMessage({ kind: 'ok', text: `Saved as version ${saved.version}.` });
    } catch (e) {
      setErrors(e instanceof ApiError ? e.messages : [messageOf(e)]);
      setMessage({ kind: 'error', text: e instanceof ApiError && e.status === 409 ? 'Someone saved this form meanwhile: reload it to see their version.' : 'Not saved.' });
    }
  }

  if (json === null) return message ? <Notice message={message} /> : <p className="loading">Loading…</p>;
  return (
    <div className="template-editor">
      <div className="designer-bar">
        <h1>Form {name}</h1>
        <span className="spacer" />
        <button type="button" onClick={save}>Save</button>
      </div>
      <Notice message={message} />
      {errors.length > 0 && <ul aria-label="Form errors">{errors.map((e) => <li key={e} className="error">{e}</li>)}</ul>}
      <div className="split">
        <div>
          <label htmlFor="form-json">forms/{name}.json</label>
          <textarea id="form-json" className="code" rows={28} spellCheck={false} value={json} onChange={(e) => setJson(e.target.value)} />
        </div>
        <div className="preview">
          <h2>As visitors see it</h2>
          {version > 0 && <iframe key={shown} title="Form page" src={`/f/${encodeURIComponent(name)}`} />}
          <p>Embed: <code>{`<div id="form"></div><script>nurture('form', '${name}', '#form')</script>`}</code> or <code>{`<iframe src="${window.location.origin}/f/${name}">`}</code></p>
        </div>
      </div>
    </div>
  );
}

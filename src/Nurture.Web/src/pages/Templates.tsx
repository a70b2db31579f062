import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, messageOf, unwrap, type Schemas } from '../api/client';
import { Link, navigate } from '../router';
import { LoadError, Notice, type Message } from '../components/Notice';

export const templatesQuery = {
  queryKey: ['templates'],
  queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET('/api/templates', { signal })),
};

export function TemplateList() {
  const { data, error } = useQuery(templatesQuery);
  const [newName, setNewName] = useState('');
  if (!data) return error ? <LoadError error={error} /> : <p className="loading">Loading…</p>;
  return (
    <>
      <h1>Templates</h1>
      <table>
        <caption className="sr-only">Email templates</caption>
        <thead><tr><th scope="col">Template</th><th scope="col">Layout</th><th scope="col">Topic</th><th scope="col">Text part</th></tr></thead>
        <tbody>
          {data.templates.map((t) => (
            <tr key={t.name}>
              <td><Link to={`/templates/${encodeURIComponent(t.name)}`}>{t.name}</Link></td>
              <td>{t.layout ?? '—'}</td><td>{t.topic ?? '—'}</td><td>{t.hasText ? 'authored' : 'generated'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.errors.length > 0 && <ul>{data.errors.map((e, i) => <li key={i} className="error">{e.text}</li>)}</ul>}
      <h2>New template</h2>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); navigate(`/templates/${encodeURIComponent(newName)}`); }}>
        <label htmlFor="new-template">Name</label>
        <input id="new-template" required pattern="[a-z0-9][a-z0-9\-]*" title="lower-case letters, digits and dashes" value={newName} onChange={(e) => setNewName(e.target.value)} />
        <button type="submit">Create</button>
      </form>
    </>
  );
}

/** Source on the left, the rendered email on the right, re-rendered as the marketer types. */
type TemplateProblem = { text?: string; message?: string; file?: string | null; line?: number | null; column?: number | null };

export function TemplateEditor({ name }: { name: string }) {
  const [html, setHtml] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [leadId, setLeadId] = useState('');
  const [preview, setPreview] = useState<Schemas['RenderedEmail'] | null>(null);
  const [errors, setErrors] = useState<TemplateProblem[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const [to, setTo] = useState('');
  const editor = useRef<HTMLTextAreaElement>(null);
  const path = { params: { path: { name } } };

  useEffect(() => {
    unwrap(api.GET('/api/templates/{name}', { params: { path: { name } } })).then((t) => { setHtml(t.html); setText(t.text ?? ''); })
      .catch((e) => (e instanceof ApiError && e.status === 404 ? setHtml('---\nsubject: New email\n---\n<p>Hello {{ lead.first_name }}</p>\n') : setMessage({ kind: 'error', text: messageOf(e) })));
  }, [name]);

  useEffect(() => {
    if (html === null) return undefined;
    const timer = setTimeout(async () => {
      try {
        setPreview(await unwrap(api.POST('/api/templates/{name}/preview', { params: { path: { name } }, body: { html, text: text || null, leadId: leadId || null } })));
        setErrors([]);
      } catch (e) {
        setErrors(e instanceof ApiError && e.errors.length ? e.errors : [{ text: messageOf(e) }]);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [html, text, leadId, name]);

  function goTo(error: TemplateProblem) {
    if (!html || !error.line || !editor.current || !error.file?.endsWith('.html')) return;
    const lines = html.split('\n');
    const offset = lines.slice(0, error.line - 1).reduce((sum, l) => sum + l.length + 1, 0) + Math.max(0, (error.column ?? 1) - 1);
    editor.current.focus();
    editor.current.setSelectionRange(offset, offset);
  }

  async function save() {
    setMessage(null);
    try {
      await unwrap(api.PUT('/api/templates/{name}', { ...path, body: { html: html ?? '', text: text || null } }));
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) setErrors(e.errors);
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }

  async function testSend(e: FormEvent) {
    e.preventDefault();
    try {
      const sent = await unwrap(api.POST('/api/templates/{name}/test-send', { ...path, body: { to, leadId: leadId || null } }));
      setMessage({ kind: 'ok', text: `Test email queued to ${sent.to}.` });
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
    }
  }

  if (html === null) return <p className="loading">Loading…</p>;
  return (
    <div className="template-editor">
      <div className="designer-bar">
        <h1>Template {name}</h1>
        <span className="spacer" />
        <label htmlFor="preview-lead" className="inline">Preview for lead id</label>
        <input id="preview-lead" value={leadId} placeholder="sample lead" onChange={(e) => setLeadId(e.target.value.trim())} />
        <button type="button" onClick={save}>Save</button>
      </div>
      <Notice message={message} />
      {errors.length > 0 && (
        <ul className="template-errors" aria-label="Template errors">
          {errors.map((e, i) => (
            <li key={i} className="error">
              <button type="button" className="link" onClick={() => goTo(e)}>{e.file ? `${e.file}:${e.line}:${e.column}` : 'error'}</button> {e.message ?? e.text}
            </li>
          ))}
        </ul>
      )}
      <div className="split">
        <div>
          <label htmlFor="template-html">HTML (with front matter)</label>
          <textarea id="template-html" ref={editor} className="code" rows={24} spellCheck={false} value={html} onChange={(e) => setHtml(e.target.value)} />
          <label htmlFor="template-text">Plain text (empty: generated from the HTML)</label>
          <textarea id="template-text" className="code" rows={8} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
          <form className="inline-form" onSubmit={testSend}>
            <label htmlFor="test-to">Send a test to</label>
            <input id="test-to" type="email" required value={to} onChange={(e) => setTo(e.target.value)} />
            <button type="submit" className="secondary">Test-send</button>
          </form>
        </div>
        <div className="preview">
          <h2>Preview</h2>
          {preview && (
            <>
              <p data-testid="preview-subject"><b>Subject:</b> {preview.subject}</p>
              <iframe title="Email preview" data-testid="preview-frame" sandbox="" srcDoc={preview.html} />
              <details><summary>Plain text</summary><pre>{preview.text}</pre></details>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

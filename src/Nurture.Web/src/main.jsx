import { createRoot } from 'react-dom/client';
import { useEffect, useState } from 'react';
import { get, post, refreshCsrf } from './api.js';
import { loadCatalog } from './catalog.js';
import { Link, navigate, useLocation } from './router.js';
import { Login } from './pages/Login.jsx';
import { Dashboard } from './pages/Dashboard.jsx';
import { JourneyList } from './pages/JourneyList.jsx';
import { Designer } from './pages/Designer.jsx';
import { TemplateList, TemplateEditor } from './pages/Templates.jsx';
import { Leads } from './pages/Leads.jsx';
import { LeadPage } from './pages/LeadPage.jsx';
import { Inbox } from './pages/Inbox.jsx';
import { Admin } from './pages/Admin.jsx';
import { Account } from './pages/Account.jsx';
import './app.css';

// Each route names the server's page (WebApp/AppPages.cs) it renders; who may open it comes from the
// server's catalog (GET /api/catalog: pages with their roles), never from a copy here.
const routes = [
  { page: '/dashboard', pattern: /^\/dashboard$/, title: 'Dashboard', render: () => <Dashboard /> },
  { page: '/journeys', pattern: /^\/journeys$/, title: 'Journeys', render: () => <JourneyList /> },
  { page: '/journeys/{id}', pattern: /^\/journeys\/([^/]+)$/, title: 'Journey designer', render: (m) => <Designer id={decodeURIComponent(m[1])} /> },
  { page: '/templates', pattern: /^\/templates$/, title: 'Templates', render: () => <TemplateList /> },
  { page: '/templates/{name}', pattern: /^\/templates\/([^/]+)$/, title: 'Template editor', render: (m) => <TemplateEditor name={decodeURIComponent(m[1])} /> },
  { page: '/leads', pattern: /^\/leads$/, title: 'Leads', render: () => <Leads /> },
  { page: '/leads/{id:guid}', pattern: /^\/leads\/([0-9a-f-]{36})$/, title: 'Lead', render: (m) => <LeadPage id={m[1]} /> },
  { page: '/inbox', pattern: /^\/inbox$/, title: 'Sales inbox', render: () => <Inbox /> },
  { page: '/admin', pattern: /^\/admin$/, title: 'Administration', render: () => <Admin /> },
  { page: '/account', pattern: /^\/account$/, title: 'Your account', render: (m, me) => <Account me={me} /> },
];

/** Whether the signed-in user's roles open the server's page. */
const opens = (catalog, me, page) => (catalog.pages.find((p) => p.path === page)?.roles ?? []).some((role) => me.roles.includes(role));

const homeOf = (catalog, me) => (opens(catalog, me, '/dashboard') ? '/dashboard' : '/inbox');

function App() {
  const location = useLocation();
  const [me, setMe] = useState(undefined);
  const path = location.split('?')[0];

  useEffect(() => {
    get('/api/account/me').then(setMe).catch(() => setMe(null));
  }, []);
  // Once signed in: what the server defines, the pages and their roles among it.
  const [catalog, setCatalog] = useState(undefined);
  useEffect(() => {
    if (me) loadCatalog().then(setCatalog, () => setCatalog(null));
  }, [me]);

  if (path === '/login') return <Login onSignedIn={setMe} />;
  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) {
    navigate(`/login?returnUrl=${encodeURIComponent(path)}`);
    return null;
  }
  if (!catalog) return <p className="loading">{catalog === null ? 'The app could not load; reload the page.' : 'Loading…'}</p>;
  if (path === '/' || path === '') {
    navigate(homeOf(catalog, me));
    return null;
  }

  const route = routes.find((r) => r.pattern.test(path));
  const allowed = route && opens(catalog, me, route.page);
  document.title = `${route?.title ?? 'Not found'} · Nurture`;
  return (
    <Shell me={me} path={path} catalog={catalog}>
      {!route && <Problem title="Not found" detail={`No page at ${path}.`} />}
      {route && !allowed && <Problem title="403 Forbidden" detail={`Your role (${me.roles.join(', ')}) cannot open ${route.title.toLowerCase()}.`} />}
      {route && allowed && route.render(path.match(route.pattern), me)}
    </Shell>
  );
}

function Shell({ me, path, catalog, children }) {
  const links = [
    ['/dashboard', 'Dashboard'],
    ['/journeys', 'Journeys'],
    ['/templates', 'Templates'],
    ['/leads', 'Leads'],
    ['/inbox', 'Sales inbox'],
    ['/admin', 'Admin'],
  ].filter(([to]) => opens(catalog, me, to));

  async function signOut() {
    await post('/api/account/logout');
    await refreshCsrf();
    window.location.assign('/login');
  }

  return (
    <>
      <header className="top">
        <span className="brand">Nurture</span>
        <nav aria-label="Main">
          <ul>
            {links.map(([to, label]) => (
              <li key={to}><Link to={to} aria-current={path.startsWith(to) ? 'page' : undefined}>{label}</Link></li>
            ))}
          </ul>
        </nav>
        <Link to="/account" className="who">{me.displayName || me.email} ({me.roles.join(', ')})</Link>
        <button type="button" className="secondary" onClick={signOut}>Sign out</button>
      </header>
      <main id="main">{children}</main>
    </>
  );
}

export function Problem({ title, detail }) {
  return (
    <section className="problem" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
    </section>
  );
}

createRoot(document.getElementById('root')).render(<App />);

import { createRoot } from 'react-dom/client';
import { useEffect, useState } from 'react';
import { get, post, refreshCsrf } from './api.js';
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

const MARKETING = ['admin', 'marketer'];
// Marketers read the inbox (what became of their leads); only reps and admins answer.
const INBOX = ['admin', 'marketer', 'sales'];

// The same table as the server's page policies (WebApp/AppPages.cs).
const routes = [
  { pattern: /^\/dashboard$/, roles: MARKETING, title: 'Dashboard', render: () => <Dashboard /> },
  { pattern: /^\/journeys$/, roles: MARKETING, title: 'Journeys', render: () => <JourneyList /> },
  { pattern: /^\/journeys\/([^/]+)$/, roles: MARKETING, title: 'Journey designer', render: (m) => <Designer id={decodeURIComponent(m[1])} /> },
  { pattern: /^\/templates$/, roles: MARKETING, title: 'Templates', render: () => <TemplateList /> },
  { pattern: /^\/templates\/([^/]+)$/, roles: MARKETING, title: 'Template editor', render: (m) => <TemplateEditor name={decodeURIComponent(m[1])} /> },
  { pattern: /^\/leads$/, roles: MARKETING, title: 'Leads', render: () => <Leads /> },
  { pattern: /^\/leads\/([0-9a-f-]{36})$/, roles: MARKETING, title: 'Lead', render: (m) => <LeadPage id={m[1]} /> },
  { pattern: /^\/inbox$/, roles: INBOX, title: 'Sales inbox', render: () => <Inbox /> },
  { pattern: /^\/admin$/, roles: ['admin'], title: 'Administration', render: () => <Admin /> },
  { pattern: /^\/account$/, roles: ['admin', 'marketer', 'sales'], title: 'Your account', render: (m, me) => <Account me={me} /> },
];

export function homeOf(me) {
  if (me.roles.includes('admin') || me.roles.includes('marketer')) return '/dashboard';
  return '/inbox';
}

function App() {
  const location = useLocation();
  const [me, setMe] = useState(undefined);
  const path = location.split('?')[0];

  useEffect(() => {
    get('/api/account/me').then(setMe).catch(() => setMe(null));
  }, []);

  if (path === '/login') return <Login onSignedIn={setMe} />;
  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) {
    navigate(`/login?returnUrl=${encodeURIComponent(path)}`);
    return null;
  }
  if (path === '/' || path === '') {
    navigate(homeOf(me));
    return null;
  }

  const route = routes.find((r) => r.pattern.test(path));
  const allowed = route && route.roles.some((role) => me.roles.includes(role));
  document.title = `${route?.title ?? 'Not found'} · Nurture`;
  return (
    <Shell me={me} path={path}>
      {!route && <Problem title="Not found" detail={`No page at ${path}.`} />}
      {route && !allowed && <Problem title="403 Forbidden" detail={`Your role (${me.roles.join(', ')}) cannot open ${route.title.toLowerCase()}.`} />}
      {route && allowed && route.render(path.match(route.pattern), me)}
    </Shell>
  );
}

function Shell({ me, path, children }) {
  const links = [
    ['/dashboard', 'Dashboard', MARKETING],
    ['/journeys', 'Journeys', MARKETING],
    ['/templates', 'Templates', MARKETING],
    ['/leads', 'Leads', MARKETING],
    ['/inbox', 'Sales inbox', INBOX],
    ['/admin', 'Admin', ['admin']],
  ].filter(([, , roles]) => roles.some((r) => me.roles.includes(r)));

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

import { createRoot } from 'react-dom/client';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, refreshCsrf, unwrap, type Schemas } from './api/client';
import { queryClient } from './api/queries';
import { catalogQuery, type Catalog } from './catalog';
import { Link, navigate, useLocation } from './router';
import { Login } from './pages/Login';
import { Dashboard } from './pages/Dashboard';
import { JourneyList } from './pages/JourneyList';
import { Designer } from './pages/Designer';
import { TemplateList, TemplateEditor } from './pages/Templates';
import { Content } from './pages/Content';
import { FormList, FormEditor } from './pages/Forms';
import { Leads } from './pages/Leads';
import { LeadPage } from './pages/LeadPage';
import { Inbox } from './pages/Inbox';
import { Admin } from './pages/Admin';
import { Account } from './pages/Account';
import './app.css';

type Me = Schemas['Me'];
type Route = { page: string; pattern: RegExp; title: string; render: (match: RegExpMatchArray, me: Me) => ReactNode };

// Each route names the server's page (WebApp/AppPages.cs) it renders; who may open it comes from the
// server's catalog (GET /api/catalog: pages with their roles), never from a copy here.
const routes: Route[] = [
  { page: '/dashboard', pattern: /^\/dashboard$/, title: 'Dashboard', render: () => <Dashboard /> },
  { page: '/journeys', pattern: /^\/journeys$/, title: 'Journeys', render: () => <JourneyList /> },
  { page: '/journeys/{id}', pattern: /^\/journeys\/([^/]+)$/, title: 'Journey designer', render: (m) => <Designer id={decodeURIComponent(m[1])} /> },
  { page: '/templates', pattern: /^\/templates$/, title: 'Templates', render: () => <TemplateList /> },
  { page: '/templates/{name}', pattern: /^\/templates\/([^/]+)$/, title: 'Template editor', render: (m) => <TemplateEditor name={decodeURIComponent(m[1])} /> },
  { page: '/content', pattern: /^\/content$/, title: 'Content', render: () => <Content /> },
  { page: '/forms', pattern: /^\/forms$/, title: 'Forms', render: () => <FormList /> },
  { page: '/forms/{name}', pattern: /^\/forms\/([^/]+)$/, title: 'Form editor', render: (m) => <FormEditor name={decodeURIComponent(m[1])} /> },
  { page: '/leads', pattern: /^\/leads$/, title: 'Leads', render: () => <Leads /> },
  { page: '/leads/{id:guid}', pattern: /^\/leads\/([0-9a-f-]{36})$/, title: 'Lead', render: (m) => <LeadPage id={m[1]} /> },
  { page: '/inbox', pattern: /^\/inbox$/, title: 'Sales inbox', render: () => <Inbox /> },
  { page: '/admin', pattern: /^\/admin$/, title: 'Administration', render: () => <Admin /> },
  { page: '/account', pattern: /^\/account$/, title: 'Your account', render: (_, me) => <Account me={me} /> },
];

/** Whether the signed-in user's roles open the server's page. */
const opens = (catalog: Catalog, me: Me, page: string) =>
  (catalog.pages.find((p) => p.path === page)?.roles ?? []).some((role) => me.roles.includes(role));

const homeOf = (catalog: Catalog, me: Me) => (opens(catalog, me, '/dashboard') ? '/dashboard' : '/inbox');

/** The signed-in user, or null when nobody is (the account routes answer 401). */
const meQuery = {
  queryKey: ['me'],
  queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET('/api/account/me', { signal })).catch(() => null),
};

function App() {
  const location = useLocation();
  const path = location.split('?')[0];
  const { data: me } = useQuery(meQuery);

  if (path === '/login') return <Login onSignedIn={(who) => queryClient.setQueryData(meQuery.queryKey, who)} />;
  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) {
    navigate(`/login?returnUrl=${encodeURIComponent(path)}`);
    return null;
  }
  return <SignedIn me={me} path={path} />;
}

/** Once signed in: what the server defines, the pages and their roles among it. */
function SignedIn({ me, path }: { me: Me; path: string }) {
  const { data: catalog, isError } = useQuery(catalogQuery);
  if (!catalog) return <p className="loading">{isError ? 'The app could not load; reload the page.' : 'Loading…'}</p>;
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
      {route && allowed && route.render(path.match(route.pattern)!, me)}
    </Shell>
  );
}

function Shell({ me, path, catalog, children }: { me: Me; path: string; catalog: Catalog; children: ReactNode }) {
  const links = [
    ['/dashboard', 'Dashboard'],
    ['/journeys', 'Journeys'],
    ['/templates', 'Templates'],
    ['/content', 'Content'],
    ['/forms', 'Forms'],
    ['/leads', 'Leads'],
    ['/inbox', 'Sales inbox'],
    ['/admin', 'Admin'],
  ].filter(([to]) => opens(catalog, me, to));

  async function signOut() {
    await api.POST('/api/account/logout');
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

export function Problem({ title, detail }: { title: string; detail: string }) {
  return (
    <section className="problem" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
    </section>
  );
}

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <App />
  </QueryClientProvider>,
);

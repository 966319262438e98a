import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Spin } from 'antd';
import type { QueryClient } from '@tanstack/react-query';
import { descriptorsQuery, openQuery } from './designer/api';
import { AppLayout } from './layout/AppLayout';
import { RequireAuth } from './auth/RequireAuth';
import { useAuth } from './auth/AuthProvider';
import { homePath } from './auth/access';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/ErrorPages';
import { PublicLayout } from './pages/public/PublicLayout';

/**
 * A page module's loader that hands the module over at once when it is already loaded. Given a promise, React.lazy
 * suspends even for a module preloadPageFor has fetched, and React then keeps its fallback up to 300 ms before showing
 * the page (its fallback throttle); a thenable that calls back synchronously does not suspend.
 */
function page<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  return () => loaded
    ? { then: (resolve: (module: T) => void) => resolve(loaded!) } as unknown as Promise<T>
    : loading ??= load().then((module) => (loaded = module));
}

const pages = {
  case: page(() => import('./pages/CasePage')),
  caseLookup: page(() => import('./pages/CaseLookupPage')),
  dispatch: page(() => import('./pages/dispatch/DispatchPage')),
  inbox: page(() => import('./pages/InboxPage')),
  supervision: page(() => import('./pages/SupervisionPage')),
  audit: page(() => import('./pages/AuditPage')),
  items: page(() => import('./pages/ItemsPage')),
  org: page(() => import('./pages/OrgPage')),
  definitions: page(() => import('./pages/designer/DefinitionListPage')),
  designer: page(() => import('./pages/designer/DesignerPage')),
  instance: page(() => import('./pages/designer/InstancePage')),
  report: page(() => import('./pages/public/ReportPage')),
  status: page(() => import('./pages/public/StatusPage')),
};

const CasePage = lazy(pages.case);
const CaseLookupPage = lazy(pages.caseLookup);
const DispatchPage = lazy(pages.dispatch);
const InboxPage = lazy(pages.inbox);
const SupervisionPage = lazy(pages.supervision);
const AuditPage = lazy(pages.audit);
const ItemsPage = lazy(pages.items);
const OrgPage = lazy(pages.org);
const DefinitionListPage = lazy(pages.definitions);
const DesignerPage = lazy(pages.designer);
const InstancePage = lazy(pages.instance);
const ReportPage = lazy(pages.report);
const StatusPage = lazy(pages.status);

/**
 * Starts loading the page the address names while sign-in is still being checked, instead of after it: a module is
 * fetched once, so the lazy route then finds it loaded. A design also starts fetching the workflow it opens.
 */
export function preloadPageFor(location: { pathname: string; search: string }, queryClient: QueryClient) {
  const path = location.pathname;
  const design = /^\/designer\/([^/]+)$/.exec(path);
  if (design) {
    void pages.designer();
    void queryClient.prefetchQuery(descriptorsQuery);
    // Kept a little while: the page's own query keeps nothing once it has no observer.
    const asked = Number(new URLSearchParams(location.search).get('version')) || null;
    void queryClient.prefetchQuery({ ...openQuery(decodeURIComponent(design[1]), asked), gcTime: 30_000 });
    return;
  }
  const load = /^\/designer\/?$/.test(path) ? pages.definitions
    : /^\/designer\/instances\//.test(path) ? pages.instance
    : /^\/cases\/[^/]+/.test(path) ? pages.case
      : Object.entries(pages).find(([name]) => path === `/${name}`)?.[1];
  void load?.();
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div style={{ textAlign: 'center', paddingTop: '15vh' }}><Spin /></div>}>{children}</Suspense>;
}

function Home() {
  const { me } = useAuth();
  return <Navigate to={homePath(me?.roles)} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/public" element={<PublicLayout />}>
        <Route index element={<Navigate to="report" replace />} />
        <Route path="report" element={<Lazy><ReportPage /></Lazy>} />
        <Route path="status" element={<Lazy><StatusPage /></Lazy>} />
      </Route>
      <Route element={<RequireAuth><AppLayout /></RequireAuth>}>
        <Route index element={<Home />} />
        <Route path="cases" element={<Lazy><CaseLookupPage /></Lazy>} />
        <Route path="cases/:key" element={<Lazy><CasePage /></Lazy>} />
        <Route path="dispatch" element={<RequireAuth page="dispatch"><Lazy><DispatchPage /></Lazy></RequireAuth>} />
        <Route path="inbox" element={<RequireAuth page="inbox"><Lazy><InboxPage /></Lazy></RequireAuth>} />
        <Route path="supervision" element={<RequireAuth page="supervision"><Lazy><SupervisionPage /></Lazy></RequireAuth>} />
        <Route path="audit" element={<RequireAuth page="audit"><Lazy><AuditPage /></Lazy></RequireAuth>} />
        <Route path="items" element={<RequireAuth page="items"><Lazy><ItemsPage /></Lazy></RequireAuth>} />
        <Route path="org" element={<RequireAuth page="org"><Lazy><OrgPage /></Lazy></RequireAuth>} />
        {/* Open to all staff: workflow admins edit, everyone else reads (the server checks every change). */}
        <Route path="designer" element={<Lazy><DefinitionListPage /></Lazy>} />
        <Route path="designer/:definitionId" element={<Lazy><DesignerPage /></Lazy>} />
        {/* Instances are for the designer page's roles, the ones the server lets read them. */}
        <Route path="designer/instances/:instanceId" element={<RequireAuth page="designer"><Lazy><InstancePage /></Lazy></RequireAuth>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

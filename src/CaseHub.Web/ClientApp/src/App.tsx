import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Spin } from 'antd';
import { AppLayout } from './layout/AppLayout';
import { RequireAuth } from './auth/RequireAuth';
import { useAuth } from './auth/AuthProvider';
import { homePath } from './auth/access';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/ErrorPages';
import { PublicLayout } from './pages/public/PublicLayout';

const CasePage = lazy(() => import('./pages/CasePage'));
const CaseLookupPage = lazy(() => import('./pages/CaseLookupPage'));
const DispatchPage = lazy(() => import('./pages/dispatch/DispatchPage'));
const InboxPage = lazy(() => import('./pages/InboxPage'));
const SupervisionPage = lazy(() => import('./pages/SupervisionPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const DefinitionListPage = lazy(() => import('./pages/designer/DefinitionListPage'));
const DesignerPage = lazy(() => import('./pages/designer/DesignerPage'));
const ReportPage = lazy(() => import('./pages/public/ReportPage'));
const StatusPage = lazy(() => import('./pages/public/StatusPage'));

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
        {/* Open to all staff: workflow admins edit, everyone else reads (the server checks every change). */}
        <Route path="designer" element={<Lazy><DefinitionListPage /></Lazy>} />
        <Route path="designer/:definitionId" element={<Lazy><DesignerPage /></Lazy>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

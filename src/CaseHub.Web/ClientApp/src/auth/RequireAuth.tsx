import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Spin } from 'antd';
import { useAuth } from './AuthProvider';
import { mayUse, type PageKey } from './access';
import { ForbiddenPage } from '../pages/ErrorPages';

/** Signed-in users only; with `page`, only the roles that page allows (others see the 403 page). */
export function RequireAuth({ page, children }: { page?: PageKey; children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <div style={{ textAlign: 'center', paddingTop: '20vh' }}><Spin /></div>;
  if (!me) return <Navigate to={`/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (page && !mayUse(me.roles, page)) return <ForbiddenPage />;
  return <>{children}</>;
}

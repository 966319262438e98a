import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, api, call, unauthorizedEvent } from '../api/client';
import type { Me } from '../api/types';

type AuthState = {
  me: Me | null;
  loading: boolean;
  signIn: (userName: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
};

const AuthContext = createContext<AuthState | null>(null);
export const meQueryKey = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return (await call(api.GET('/api/auth/me'))) as Me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Who is signed in; main.tsx starts it before React renders, since every page waits for it. */
export const meQuery = { queryKey: meQueryKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false } as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { data, isPending } = useQuery(meQuery);

  useEffect(() => {
    const onUnauthorized = () => {
      queryClient.setQueryData(meQueryKey, null);
      if (!location.pathname.startsWith('/login') && !location.pathname.startsWith('/public')) {
        const returnTo = encodeURIComponent(location.pathname + location.search);
        void navigate(`/login?returnTo=${returnTo}&expired=1`, { replace: true });
      }
    };
    window.addEventListener(unauthorizedEvent, onUnauthorized);
    return () => window.removeEventListener(unauthorizedEvent, onUnauthorized);
  }, [queryClient, navigate, location.pathname, location.search]);

  const signIn = useCallback(
    async (userName: string, password: string) => {
      const me = (await call(api.POST('/api/auth/login', { body: { userName, password } }))) as Me;
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, me);
      return me;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await call(api.POST('/api/auth/logout'));
    } finally {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
      void navigate('/login', { replace: true });
    }
  }, [queryClient, navigate]);

  const value = useMemo<AuthState>(
    () => ({ me: data ?? null, loading: isPending, signIn, signOut }),
    [data, isPending, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** For tests and stories: a fixed user without the network. */
export function StaticAuthProvider({ me, children }: { me: Me | null; children: ReactNode }) {
  const value = useMemo<AuthState>(
    () => ({ me, loading: false, signIn: async () => me as Me, signOut: async () => undefined }),
    [me],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

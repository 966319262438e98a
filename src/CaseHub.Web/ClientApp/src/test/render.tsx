import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StaticAuthProvider } from '../auth/AuthProvider';
import { LocaleProvider } from '../i18n/LocaleProvider';
import type { Me, Role } from '../api/types';

export function user(roles: Role[], overrides: Partial<Me> = {}): Me {
  return { userName: 'u', displayName: '测试用户', roles, departments: [], orgUnits: [], canSeePersonalData: false, ...overrides };
}

/** Renders with the app's providers, a fixed user and no retries. */
export function renderWith(ui: ReactElement, { me = null, path = '/' }: { me?: Me | null; path?: string } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <MemoryRouter initialEntries={[path]}>
          <StaticAuthProvider me={me}>{ui}</StaticAuthProvider>
        </MemoryRouter>
      </LocaleProvider>
    </QueryClientProvider>,
  );
}

import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { caseActions, homePath, mayImportReferenceData, visiblePages } from './access';
import { RequireAuth } from './RequireAuth';
import { AppLayout } from '../layout/AppLayout';
import { renderWith, user } from '../test/render';

describe('pages by role', () => {
  it('gives each role only its own pages', () => {
    expect(visiblePages(['Dispatcher'])).toEqual(['dispatch', 'items']);
    expect(visiblePages(['Handler'])).toEqual(['inbox']);
    expect(visiblePages(['GridWorker'])).toEqual(['inbox']);
    expect(visiblePages(['Supervisor'])).toEqual(['supervision', 'items', 'org']);
    expect(visiblePages(['Auditor'])).toEqual(['audit', 'designer']);
    expect(visiblePages(['WorkflowAdmin'])).toEqual(['designer', 'items', 'org']);
    expect(visiblePages(['SystemAdmin'])).toEqual(['audit', 'designer', 'items', 'org']);
    expect(visiblePages(['Dispatcher', 'Supervisor'])).toEqual(['dispatch', 'supervision', 'items', 'org']);
    expect(visiblePages(undefined)).toEqual([]);
  });

  it('sends each role home to its first page, and others to the case lookup', () => {
    expect(homePath(['Dispatcher'])).toBe('/dispatch');
    expect(homePath(['Handler'])).toBe('/inbox');
    expect(homePath(['GridWorker'])).toBe('/inbox');
    expect(homePath(['Supervisor'])).toBe('/supervision');
    expect(homePath(['WorkflowAdmin'])).toBe('/designer');
    expect(homePath(['Auditor'])).toBe('/audit');
    expect(homePath(['SystemAdmin'])).toBe('/audit');
    expect(homePath([])).toBe('/cases');
  });

  it('lets only system admins import reference data', () => {
    expect(mayImportReferenceData(['SystemAdmin'])).toBe(true);
    expect(mayImportReferenceData(['WorkflowAdmin', 'Supervisor', 'Dispatcher', 'Auditor'])).toBe(false);
    expect(mayImportReferenceData(undefined)).toBe(false);
  });

  it('lets only supervisors issue orders and only handlers ask for extensions', () => {
    expect(caseActions(['Supervisor']).order).toBe(true);
    expect(caseActions(['Dispatcher']).order).toBe(false);
    expect(caseActions(['Handler']).extension).toBe(true);
    expect(caseActions(['Supervisor']).extension).toBe(false);
  });
});

describe('route guard', () => {
  const routes = (
    <Routes>
      <Route path="/login" element={<p>login page</p>} />
      <Route path="/audit" element={<RequireAuth page="audit"><p>audit content</p></RequireAuth>} />
    </Routes>
  );

  it('sends a signed-out visitor to the login page', () => {
    renderWith(routes, { me: null, path: '/audit' });
    expect(screen.getByText('login page')).toBeInTheDocument();
    expect(screen.queryByText('audit content')).not.toBeInTheDocument();
  });

  it('shows the 403 page to a role that may not use the page', () => {
    renderWith(routes, { me: user(['Dispatcher']), path: '/audit' });
    expect(screen.getByText('无权访问')).toBeInTheDocument();
    expect(screen.queryByText('audit content')).not.toBeInTheDocument();
  });

  it('shows the page to a role that may use it', () => {
    renderWith(routes, { me: user(['Auditor']), path: '/audit' });
    expect(screen.getByText('audit content')).toBeInTheDocument();
  });

  it('opens the item list to dispatchers but the org page only to supervisors and admins', () => {
    const reference = (
      <Routes>
        <Route path="/items" element={<RequireAuth page="items"><p>items content</p></RequireAuth>} />
        <Route path="/org" element={<RequireAuth page="org"><p>org content</p></RequireAuth>} />
      </Routes>
    );
    const { unmount } = renderWith(reference, { me: user(['Dispatcher']), path: '/items' });
    expect(screen.getByText('items content')).toBeInTheDocument();
    unmount();
    const second = renderWith(reference, { me: user(['Dispatcher']), path: '/org' });
    expect(screen.getByText('无权访问')).toBeInTheDocument();
    second.unmount();
    renderWith(reference, { me: user(['Supervisor']), path: '/org' });
    expect(screen.getByText('org content')).toBeInTheDocument();
  });
});

describe('side menu', () => {
  it('lists only the pages of the user’s roles, and the user’s name', () => {
    renderWith(<Routes><Route path="*" element={<AppLayout />} /></Routes>, { me: user(['Handler'], { displayName: '李承办' }), path: '/inbox' });
    expect(screen.getByText('承办单位')).toBeInTheDocument();
    expect(screen.getByText('案件查询')).toBeInTheDocument();
    expect(screen.queryByText('指挥中心')).not.toBeInTheDocument();
    expect(screen.queryByText('审计日志')).not.toBeInTheDocument();
    expect(screen.getByTestId('user-name')).toHaveTextContent('李承办');
  });

  it('adds the item list and the org page after a supervisor’s own page', () => {
    renderWith(<Routes><Route path="*" element={<AppLayout />} /></Routes>, { me: user(['Supervisor']), path: '/supervision' });
    const entries = screen.getAllByRole('menuitem').map((m) => m.textContent);
    expect(entries).toEqual(['督办考核', '事项清单', '组织与网格', '案件查询']);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import ItemsPage, { orderRules } from './ItemsPage';
import type { Role } from '../api/types';
import { renderWith, user } from '../test/render';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const node = (code: string, level: number, nameZh: string, children: unknown[] = []) =>
  ({ code, level, nameZh, nameEn: `en ${nameZh}`, isActive: true, isLeaf: children.length === 0, children });

const fullTree = [
  node('01', 1, '城市管理', [node('0101', 2, '市容环境', [node('010101', 3, '占道经营', [node('01010101', 4, '流动摊贩占道经营')])])]),
  node('02', 1, '生态环境', [node('0202', 2, '大气污染', [node('020201', 3, '餐饮油烟', [node('02020101', 4, '餐饮油烟扰民')])])]),
];
const searchedTree = [fullTree[1]];

const vendors = {
  item: {
    code: '01010101', parentCode: '010101', level: 4, nameZh: '流动摊贩占道经营', nameEn: 'Mobile vendors occupying roads',
    kinds: ['Complaint', 'Report'], defaultGrade: 'C', keywords: ['摊贩', '摆摊'],
    timeLimits: { dispatchMinutes: 30, acceptWorkingHours: 2, firstContactWorkingHours: null, completionWorkingDays: 15, callbackWorkingDays: 3 },
    isActive: true, isLeaf: true,
  },
  rules: [
    { orgUnitCode: null, departmentCode: 'LJ-CG', priority: 0 },
    { orgUnitCode: '990102001', departmentCode: 'LB01-ZF', priority: 0 },
    { orgUnitCode: '990102', departmentCode: 'LB-CG', priority: 5 },
  ],
  childCodes: [],
};

const departments = [
  { code: 'LJ-CG', name: '市城市管理综合执法局', orgUnitCode: '990100', level: 'City', isActive: true },
  { code: 'LB-CG', name: '临北区城市管理综合执法局', orgUnitCode: '990102', level: 'District', isActive: true },
  { code: 'LB01-ZF', name: '滨河街道综合执法队', orgUnitCode: '990102001', level: 'Street', isActive: false },
];

const orgTree = [{
  code: '990100', name: '临江市', level: 'City', hasBoundary: false, children: [{
    code: '990102', name: '临北区', level: 'District', hasBoundary: false, children: [
      { code: '990102001', name: '滨河街道', level: 'Street', hasBoundary: false, children: [] },
    ],
  }],
}];

type Imported = { url: URL; contentType: string | null; body: string };

/** The API as the page uses it; `importAnswer` decides what POST /api/items/import says. */
function stubApi(importAnswer: () => Response = () => json({ created: 0, updated: 0, total: 0 })) {
  const searches: (string | null)[] = [];
  const imports: Imported[] = [];
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    switch (url.pathname) {
      case '/api/items': {
        expect(url.searchParams.get('view')).toBe('tree');
        const q = url.searchParams.get('q');
        searches.push(q);
        return json(q ? searchedTree : fullTree);
      }
      case '/api/items/01010101': return json(vendors);
      case '/api/items/02': return json({
        item: { ...vendors.item, code: '02', parentCode: null, level: 1, nameZh: '生态环境', nameEn: 'Ecology', kinds: [], keywords: [], timeLimits: {}, isLeaf: false },
        rules: [], childCodes: ['0202'],
      });
      case '/api/departments': return json(departments);
      case '/api/org-units': return json(orgTree);
      case '/api/items/import':
        imports.push({ url, contentType: request.headers.get('Content-Type'), body: await request.text() });
        return importAnswer();
      default: return json({ status: 404 }, 404);
    }
  }));
  return { searches, imports };
}

function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}

function renderPage(roles: Role[] = ['Dispatcher'], path = '/items') {
  return renderWith(<Routes><Route path="/items" element={<><ItemsPage /><Where /></>} /></Routes>, { me: user(roles), path });
}

describe('ItemsPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the chosen item with its limits, and its rules with unit and department names, highest priority first', async () => {
    stubApi();
    renderPage();

    fireEvent.click(await screen.findByText('城市管理'));
    expect(screen.queryByText('流动摊贩占道经营')).not.toBeInTheDocument();
    // Opening the branches down to the leaf, as a user does.
    for (const name of ['城市管理', '市容环境', '占道经营']) {
      const row = (await screen.findByText(name)).closest('.ant-tree-treenode')!;
      if (!row.classList.contains('ant-tree-treenode-switcher-open')) fireEvent.click(row.querySelector('.ant-tree-switcher')!);
      // The tree takes no clicks while a branch is still opening.
      await waitFor(() => expect(document.querySelector('.ant-tree-treenode-motion')).toBeNull());
    }
    fireEvent.click(await screen.findByText('流动摊贩占道经营'));

    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?code=01010101'));
    expect(await screen.findByText('Mobile vendors occupying roads')).toBeInTheDocument();
    expect(screen.getByText('权责事项')).toBeInTheDocument();
    expect(screen.getByText('C（一般）')).toBeInTheDocument();
    expect(screen.getByText('投诉')).toBeInTheDocument();
    expect(screen.getByText('举报')).toBeInTheDocument();
    expect(screen.getByText('摆摊')).toBeInTheDocument();

    const limits = screen.getByTestId('time-limits');
    expect(within(limits).getByText('30 分钟')).toBeInTheDocument();
    expect(within(limits).getByText('2 工作小时')).toBeInTheDocument();
    expect(within(limits).getByText('15 工作日')).toBeInTheDocument();
    expect(within(limits).getByText('3 工作日')).toBeInTheDocument();
    expect(within(limits).getByText('按诉求类别默认')).toBeInTheDocument();

    const rules = await screen.findByTestId('rules');
    await waitFor(() => expect(within(rules).getByText('滨河街道综合执法队')).toBeInTheDocument());
    const rows = within(rules).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toEqual([
      '临北区990102临北区城市管理综合执法局LB-CG5',
      '滨河街道990102001滨河街道综合执法队LB01-ZF停用0',
      '不限属地（全市）市城市管理综合执法局LJ-CG0',
    ]);
    expect(screen.getByText(/沿组织树逐级向上/)).toBeInTheDocument();
  });

  it('opens the item named in the address, with the tree open down to it', async () => {
    stubApi();
    renderPage(['Supervisor'], '/items?code=01010101');

    expect(await screen.findByText('Mobile vendors occupying roads')).toBeInTheDocument();
    await waitFor(() => expect(document.querySelector('.ant-tree-treenode-selected')).toHaveTextContent('流动摊贩占道经营'));
  });

  it('opens and shows a branch from the keyboard, starting in the search box', async () => {
    stubApi();
    renderPage();
    await screen.findByText('城市管理');

    // Down from the search box enters the tree on its first item; down again moves to the second, and Enter opens and shows it.
    await userEvent.click(screen.getByLabelText('搜索事项编码、名称或关键词'));
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('tree')).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?code=02'));
    expect(await screen.findByText('0202 大气污染')).toBeInTheDocument();
    expect(screen.getByText('行业领域')).toBeInTheDocument();
    expect(screen.getByText('本级未设置责任规则。')).toBeInTheDocument();
    expect(screen.queryByText('该事项未设置责任规则，案件将转人工派单。')).not.toBeInTheDocument();
  });

  it('orders rules by priority, then by jurisdiction with the rule for anywhere last', () => {
    expect(orderRules(vendors.rules).map((r) => r.departmentCode)).toEqual(['LB-CG', 'LB01-ZF', 'LJ-CG']);
    expect(orderRules([...vendors.rules, { orgUnitCode: null, departmentCode: 'LJ-ZJ', priority: 9 }]).map((r) => r.departmentCode))
      .toEqual(['LJ-ZJ', 'LB-CG', 'LB01-ZF', 'LJ-CG']);
  });

  it('searches the item list through the API and shows only the matches', async () => {
    const { searches } = stubApi();
    renderPage();
    expect(await screen.findByText('城市管理')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('搜索事项编码、名称或关键词'), '油烟');
    expect(await screen.findByText('餐饮油烟扰民')).toBeInTheDocument();
    expect(searches).toContain('油烟');
    expect(screen.queryByText('城市管理')).not.toBeInTheDocument();
  });

  it('offers the import to system admins only', async () => {
    stubApi();
    const { unmount } = renderPage(['Dispatcher', 'Supervisor']);
    expect(await screen.findByRole('button', { name: /导出 CSV/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /导\s*入$/ })).not.toBeInTheDocument();
    unmount();

    renderPage(['SystemAdmin']);
    expect(await screen.findByRole('button', { name: /导\s*入$/ })).toBeInTheDocument();
  });

  it('lists every row error of a rejected file and says nothing was imported', async () => {
    const { imports } = stubApi(() => json({
      status: 400, title: 'The item list has errors', detail: '2 row(s) of the item list have errors; nothing was imported.',
      errors: {
        'row 5.grade': ["Unknown grade 'D'. The grades are A (complex), B (key) and C (general)."],
        'row 3.parent_code': ["Unknown parent '99': it is neither in the file nor in the item list."],
        'row 5.kinds': ["Unknown kind 'Praise'."],
      },
    }, 400));
    renderPage(['SystemAdmin']);

    const file = new File(['\uFEFFcode,name_zh,name_en\r\n'], 'items.csv', { type: 'text/csv' });
    await userEvent.upload(await screen.findByLabelText('导入'), file);

    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('未导入任何数据')).toBeInTheDocument();
    expect(within(dialog).getByText(/文件中有 3 处错误/)).toBeInTheDocument();
    const rows = within(dialog).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toEqual([
      "第 3 行row 3.parent_codeUnknown parent '99': it is neither in the file nor in the item list.",
      "第 5 行row 5.gradeUnknown grade 'D'. The grades are A (complex), B (key) and C (general).",
      "第 5 行row 5.kindsUnknown kind 'Praise'.",
    ]);
    expect(imports).toHaveLength(1);
    expect(imports[0].url.searchParams.get('format')).toBe('csv');
    expect(imports[0].contentType).toBe('text/csv');
    expect(imports[0].body).toContain('code,name_zh,name_en');
  });

  it('shows the counts of a successful import and reloads the tree', async () => {
    const { imports, searches } = stubApi(() => json({ created: 2, updated: 150, total: 152 }));
    renderPage(['SystemAdmin']);
    expect(await screen.findByText('城市管理')).toBeInTheDocument();
    const loads = searches.length;

    await userEvent.upload(screen.getByLabelText('导入'), new File(['[]'], 'items.JSON', { type: 'application/json' }));

    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('导入成功：新增 2 条，更新 150 条。')).toBeInTheDocument();
    expect(within(dialog).getByText('文件共 152 条。')).toBeInTheDocument();
    expect(imports[0].url.searchParams.get('format')).toBe('json');
    expect(imports[0].contentType).toBe('application/json');
    await waitFor(() => expect(searches.length).toBeGreaterThan(loads));
  });
});

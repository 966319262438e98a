import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import OrgPage from './OrgPage';
import type { Role } from '../api/types';
import { renderWith, user } from '../test/render';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const unit = (code: string, name: string, level: string, children: unknown[] = []) => ({ code, name, level, hasBoundary: level === 'Grid', children });
const tree = [unit('990100', '临江市', 'City', [
  unit('990102', '临北区', 'District', [
    unit('990102001', '滨河街道', 'Street', [
      unit('990102001001', '春晖社区', 'Community', [unit('99010200100101', '春晖社区第1网格', 'Grid')]),
      unit('990102001002', '晨光社区', 'Community', [unit('99010200100201', '晨光社区第1网格', 'Grid')]),
    ]),
  ]),
  unit('990103', '临南区', 'District'),
])];

const ref = (code: string, name: string, level: string) => ({ id: `id-${code}`, code, name, level, path: code });
const chainOfGrid = [
  ref('99010200100101', '春晖社区第1网格', 'Grid'), ref('990102001001', '春晖社区', 'Community'), ref('990102001', '滨河街道', 'Street'),
  ref('990102', '临北区', 'District'), ref('990100', '临江市', 'City'),
];
const ring = [[119.2, 30.1], [119.204, 30.1], [119.204, 30.103], [119.2, 30.103], [119.2, 30.1]];
const details: Record<string, unknown> = {
  '990102': {
    code: '990102', name: '临北区', level: 'District', parentCode: '990100', path: '990100.990102', boundary: null,
    chain: chainOfGrid.slice(3), children: 3,
  },
  '99010200100101': {
    code: '99010200100101', name: '春晖社区第1网格', level: 'Grid', parentCode: '990102001001', path: '…', children: 0,
    boundary: { type: 'Polygon', coordinates: [ring] }, chain: chainOfGrid,
  },
};
const departmentsOf: Record<string, unknown[]> = {
  '990102': [
    { code: 'LB-CG', name: '临北区城市管理综合执法局', orgUnitCode: '990102', level: 'District', isActive: true },
    { code: 'LB-JY', name: '临北区教育局', orgUnitCode: '990102', level: 'District', isActive: false },
  ],
};

type Posted = { path: string; contentType: string | null; body: string };

function stubApi(answer: (path: string) => Response = () => json({ created: 0, updated: 0 })) {
  const posted: Posted[] = [];
  const treeLoads: number[] = [];
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    if (request.method === 'POST') {
      posted.push({ path: url.pathname, contentType: request.headers.get('Content-Type'), body: await request.text() });
      return answer(url.pathname);
    }
    if (url.pathname === '/api/org-units' && url.searchParams.get('view') === 'tree') {
      treeLoads.push(Date.now());
      return json(tree);
    }
    const detail = /^\/api\/org-units\/(\w+)$/.exec(url.pathname);
    if (detail) return details[detail[1]] ? json(details[detail[1]]) : json({ status: 404 }, 404);
    if (url.pathname === '/api/departments') return json(departmentsOf[url.searchParams.get('orgUnit') ?? ''] ?? []);
    return json({ status: 404 }, 404);
  }));
  return { posted, treeLoads };
}

function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}

function renderPage(roles: Role[] = ['Supervisor'], path = '/org') {
  return renderWith(<Routes><Route path="/org" element={<><OrgPage /><Where /></>} /></Routes>, { me: user(roles), path });
}

describe('OrgPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the tree with level tags, and a chosen unit with its chain and departments', async () => {
    stubApi();
    renderPage();

    const district = (await screen.findByText('临北区')).closest('.ant-tree-treenode')!;
    expect(district).toHaveTextContent('区临北区');
    expect(screen.getByText('临江市').closest('.ant-tree-treenode')).toHaveTextContent('市临江市');
    fireEvent.click(screen.getByText('临北区'));

    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?code=990102'));
    const chain = await screen.findByTestId('chain');
    expect(chain).toHaveTextContent('临江市/临北区');
    expect(within(chain).getByRole('link', { name: '临江市' })).toHaveAttribute('href', '/org?code=990100');
    expect(screen.getByText('3 个')).toBeInTheDocument();

    const departments = screen.getByTestId('departments');
    expect(await within(departments).findByText('临北区城市管理综合执法局')).toBeInTheDocument();
    expect(within(departments).getByText('临北区教育局').closest('tr')).toHaveTextContent('停用');
    expect(screen.queryByText('网格边界')).not.toBeInTheDocument();
  });

  it('draws a grid’s boundary and opens the tree down to the grid named in the address', async () => {
    stubApi();
    renderPage(['WorkflowAdmin'], '/org?code=99010200100101');

    expect(await screen.findByText('网格边界')).toBeInTheDocument();
    expect(screen.getAllByTestId('grid-ring')).toHaveLength(1);
    expect(screen.getByTestId('chain')).toHaveTextContent('临江市/临北区/滨河街道/春晖社区/春晖社区第1网格');
    expect(screen.getByText('本级没有承办单位')).toBeInTheDocument();
    await waitFor(() => expect(document.querySelector('.ant-tree-treenode-selected')).toHaveTextContent('春晖社区第1网格'));

    fireEvent.click(within(screen.getByTestId('chain')).getByRole('link', { name: '临北区' }));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?code=990102'));
    expect(await screen.findByText('临北区城市管理综合执法局')).toBeInTheDocument();
  });

  it('filters the tree by name or code, keeping the path to each match', async () => {
    stubApi();
    renderPage();
    expect(await screen.findByText('临南区')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('按名称或编码筛选'), '晨光');
    expect(await screen.findByText('晨光社区')).toBeInTheDocument();
    expect(screen.getByText('滨河街道')).toBeInTheDocument();
    expect(screen.queryByText('春晖社区')).not.toBeInTheDocument();
    expect(screen.queryByText('临南区')).not.toBeInTheDocument();

    // Down from the filter enters the tree; End goes to the last unit shown, and Space shows it.
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('tree')).toHaveFocus();
    await userEvent.keyboard('{End}[Space]');
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?code=990102001002'));
  });

  it('offers the three imports to system admins only', async () => {
    stubApi();
    const { unmount } = renderPage(['Supervisor', 'WorkflowAdmin']);
    expect(await screen.findByText('临北区')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /导入/ })).not.toBeInTheDocument();
    unmount();

    renderPage(['SystemAdmin']);
    expect(await screen.findByRole('button', { name: /导入区划$/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /导入网格$/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /导入承办单位$/ })).toBeInTheDocument();
  });

  it('lists every error of a rejected org unit file, with the entry and its code, and says nothing was imported', async () => {
    const { posted } = stubApi(() => json({
      status: 400, title: 'The import is invalid', detail: '2 entries are invalid; nothing was imported.',
      errors: {
        '[2].parentCode': ["no org unit has the code '990199'"],
        '[0].code': ["the code '990102' appears more than once in the file"],
      },
      issues: [
        { index: 2, code: '990102009', field: 'parentCode', reason: "no org unit has the code '990199'" },
        { index: 0, code: '990102', field: 'code', reason: "the code '990102' appears more than once in the file" },
      ],
    }, 400));
    renderPage(['SystemAdmin']);

    const file = new File(['[{"code":"990102"}]'], 'units.json', { type: 'application/json' });
    await userEvent.upload(await screen.findByLabelText('导入区划'), file);

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/行政区划（市、区、街道、社区）/)).toBeInTheDocument();
    expect(await within(dialog).findByText('未导入任何数据')).toBeInTheDocument();
    expect(within(dialog).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual([
      "第 1 条（990102）[0].codethe code '990102' appears more than once in the file",
      "第 3 条（990102009）[2].parentCodeno org unit has the code '990199'",
    ]);
    expect(posted).toEqual([{ path: '/api/org-units/import', contentType: 'application/json', body: '[{"code":"990102"}]' }]);
  });

  it('sends grids as GeoJSON and names the bad feature', async () => {
    stubApi(() => json({
      status: 400, detail: '1 entries are invalid; nothing was imported.',
      errors: { 'features[3].geometry': ['the geometry is a Point; a grid needs a Polygon or MultiPolygon'] },
      issues: [{ index: 3, code: '99010200100104', field: 'geometry', reason: 'the geometry is a Point; a grid needs a Polygon or MultiPolygon' }],
    }, 400));
    renderPage(['SystemAdmin']);

    await userEvent.upload(await screen.findByLabelText('导入网格'), new File(['{}'], 'grids.geojson'));

    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('未导入任何数据')).toBeInTheDocument();
    expect(within(dialog).getByText('第 4 条（99010200100104）')).toBeInTheDocument();
    expect(within(dialog).getByText('the geometry is a Point; a grid needs a Polygon or MultiPolygon')).toBeInTheDocument();
  });

  it('shows the counts of a successful import and reloads what it changed', async () => {
    const { posted, treeLoads } = stubApi(() => json({ created: 12, updated: 288 }));
    renderPage(['SystemAdmin'], '/org?code=990102');
    expect(await screen.findByText('临北区城市管理综合执法局')).toBeInTheDocument();
    const loads = treeLoads.length;

    await userEvent.upload(screen.getByLabelText('导入网格'), new File(['{"type":"FeatureCollection","features":[]}'], 'grids.geojson'));

    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('导入成功：新增 12 条，更新 288 条。')).toBeInTheDocument();
    expect(posted[0]).toMatchObject({ path: '/api/grids/import', contentType: 'application/geo+json' });
    await waitFor(() => expect(treeLoads.length).toBeGreaterThan(loads));
  });

  it('refuses a file of the wrong type without sending it', async () => {
    const { posted } = stubApi();
    renderPage(['SystemAdmin']);

    await userEvent.upload(await screen.findByLabelText('导入承办单位'), new File(['a,b'], 'departments.csv'), { applyAccept: false });

    expect(await within(await screen.findByRole('dialog')).findByText('请选择 .json 文件')).toBeInTheDocument();
    expect(posted).toEqual([]);
  });
});

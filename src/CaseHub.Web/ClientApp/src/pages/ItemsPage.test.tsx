import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import ItemsPage, { orderRules } from './ItemsPage';
import { formFieldOf } from './ItemEditDrawer';
import { problemTypes, type Schemas } from '../api/client';
import type { Role } from '../api/types';
import { renderWith, user } from '../test/render';

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });
}

const node = (code: string, level: number, nameZh: string, children: unknown[] = []) =>
  ({ code, level, nameZh, nameEn: `en ${nameZh}`, isActive: true, isLeaf: children.length === 0, children });

const fullTree = [
  node('01', 1, '城市管理', [node('0101', 2, '市容环境', [node('010101', 3, '占道经营', [node('01010101', 4, '流动摊贩占道经营')])])]),
  node('02', 1, '生态环境', [node('0202', 2, '大气污染', [node('020201', 3, '餐饮油烟', [node('02020101', 4, '餐饮油烟扰民')])])]),
];
const searchedTree = [fullTree[1]];

type Detail = Schemas['ItemDetail'];

const vendors: Detail = {
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
type Stored = Map<string, { detail: Detail; etag: string }>;
type Put = { code: string; ifMatch: string | null; body: Record<string, unknown> };

const ecology: Detail = {
  item: { ...vendors.item, code: '02', parentCode: null, level: 1, nameZh: '生态环境', nameEn: 'Ecology', kinds: [], keywords: [], timeLimits: {}, isLeaf: false },
  rules: [], childCodes: ['0202'],
};
const roadside: Detail = {
  item: { ...vendors.item, code: '010101', parentCode: '0101', level: 3, nameZh: '占道经营', nameEn: 'Road occupation', kinds: ['Complaint'], defaultGrade: 'B', keywords: [], isLeaf: false },
  rules: [], childCodes: ['01010101'],
};

let version = 100;
/** PUT /api/items/{code} as the server answers it: a stored item needs its ETag as If-Match, else 409; a new code is created (201). */
function saveLikeTheServer(put: Put, stored: Stored): Response {
  const current = stored.get(put.code);
  if (current && put.ifMatch === null) {
    return json({ type: problemTypes.alreadyExists, title: '冲突', status: 409,
      detail: `编码“${put.code}”已被事项“${current.detail.item.nameZh}”使用；要修改它，请先打开该事项。` }, 409);
  }
  if (current && put.ifMatch !== current.etag) {
    return json({ type: problemTypes.stale, title: '冲突', status: 409, detail: `事项“${put.code}”已被他人修改，请重新载入后再保存。` }, 409);
  }
  const { rules, ...item } = put.body;
  const detail = {
    item: { ...vendors.item, ...item, code: put.code, isLeaf: current?.detail.item.isLeaf ?? true },
    rules, childCodes: current?.detail.childCodes ?? [],
  } as Detail;
  const etag = `"${++version}"`;
  stored.set(put.code, { detail, etag });
  return json(detail, current ? 200 : 201, { ETag: etag });
}

/**
 * The API as the page uses it; `importAnswer` decides what POST /api/items/import says, and `save` what PUT
 * /api/items/{code} does with the items in `stored` (which GET /api/items/{code} reads, with their ETags).
 */
function stubApi(importAnswer: () => Response = () => json({ created: 0, updated: 0, total: 0 }),
  save: (put: Put, stored: Stored) => Response = saveLikeTheServer) {
  const searches: (string | null)[] = [];
  const imports: Imported[] = [];
  const puts: Put[] = [];
  const stored: Stored = new Map([
    ['01010101', { detail: vendors, etag: '"7"' }],
    ['010101', { detail: roadside, etag: '"3"' }],
    ['02', { detail: ecology, etag: '"2"' }],
  ]);
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    switch (url.pathname) {
      case '/api/items': {
        expect(url.searchParams.get('view')).toBe('tree');
        const q = url.searchParams.get('q');
        searches.push(q);
        return json(q ? searchedTree : fullTree);
      }
      case '/api/departments': return json(departments);
      case '/api/org-units': return json(orgTree);
      case '/api/items/import':
        imports.push({ url, contentType: request.headers.get('Content-Type'), body: await request.text() });
        return importAnswer();
    }
    const code = /^\/api\/items\/([^/]+)$/.exec(url.pathname)?.[1];
    if (code && request.method === 'PUT') {
      const put = { code, ifMatch: request.headers.get('If-Match'), body: await request.json() as Record<string, unknown> };
      puts.push(put);
      return save(put, stored);
    }
    const found = code ? stored.get(code) : undefined;
    return found ? json(found.detail, 200, { ETag: found.etag }) : json({ status: 404 }, 404);
  }));
  return { searches, imports, puts, stored };
}

function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}

function renderPage(roles: Role[] = ['Dispatcher'], path = '/items') {
  return renderWith(<Routes><Route path="/items" element={<><ItemsPage /><Where /></>} /></Routes>, { me: user(roles), path });
}

// The buttons' names (antd spaces out a two-character Chinese label).
const edit = /编\s*辑/;
const addChild = /新增下级事项/;
const save = /保\s*存/;

/** Opens the item form from the detail's button (编辑 or 新增下级事项) and returns the drawer, once its first field has the focus. */
async function openEditor(button: RegExp) {
  fireEvent.click(await screen.findByRole('button', { name: button }));
  const drawer = await screen.findByRole('dialog');
  await waitFor(() => expect(within(drawer).getByLabelText(button === addChild ? '事项编码' : '中文名称')).toHaveFocus());
  return drawer;
}

/** The form item (label, control and error) that holds the field labelled `label`. */
function formItem(scope: HTMLElement, label: string) {
  return within(scope).getByLabelText(label).closest('.ant-form-item') as HTMLElement;
}

async function pick(scope: HTMLElement, label: string, option: string) {
  const field = within(scope).getByLabelText(label).closest('.ant-select')!;
  fireEvent.mouseDown(field.querySelector('.ant-select-selector') ?? field);
  // The option in the open list, not a row's chosen value with the same title.
  const options = await waitFor(() => {
    const found = screen.getAllByTitle(option).filter((el) => el.closest('.ant-select-dropdown'));
    expect(found).toHaveLength(1);
    return found;
  });
  fireEvent.click(options[0]);
  await waitFor(() => expect(field).toHaveTextContent(option));
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
  it('offers editing to system admins only, and a new child only above the last level', async () => {
    stubApi();
    const { unmount } = renderPage(['Dispatcher', 'Supervisor', 'WorkflowAdmin'], '/items?code=010101');
    expect(await screen.findByText('010101 占道经营')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: edit })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: addChild })).not.toBeInTheDocument();
    unmount();

    const admin = renderPage(['SystemAdmin'], '/items?code=010101');
    expect(await screen.findByRole('button', { name: edit })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: addChild })).toBeInTheDocument();
    admin.unmount();

    renderPage(['SystemAdmin'], '/items?code=01010101');
    expect(await screen.findByRole('button', { name: edit })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: addChild })).not.toBeInTheDocument();
  });

  it('saves an edit with Ctrl+S as a PUT with the ETag it was read with, and shows the saved item', async () => {
    const { puts } = stubApi();
    renderPage(['SystemAdmin'], '/items?code=01010101');
    const drawer = await openEditor(edit);
    const nameZh = within(drawer).getByLabelText('中文名称');
    expect(nameZh).toHaveValue('流动摊贩占道经营');
    expect(within(drawer).getByLabelText('派单')).toHaveValue('30');
    expect(within(drawer).getByLabelText('首次联系')).toHaveValue('');

    await userEvent.clear(nameZh);
    await userEvent.type(nameZh, '流动摊贩');
    fireEvent.click(within(drawer).getByRole('checkbox', { name: '举报' }));
    fireEvent.click(within(drawer).getByRole('radio', { name: 'B（重点）' }));
    await userEvent.type(within(drawer).getByLabelText('关键词'), '夜市{Enter}');
    await userEvent.clear(within(drawer).getByLabelText('派单'));
    await userEvent.clear(within(drawer).getByLabelText('办结'));
    await userEvent.type(within(drawer).getByLabelText('办结'), '10');
    fireEvent.click(within(drawer).getByRole('switch', { name: '启用' }));
    // The rules as stored: anywhere → LJ-CG, 滨河街道 → LB01-ZF, 临北区 → LB-CG (5). Drop the second, raise the first, add one.
    fireEvent.click(within(drawer).getByRole('button', { name: '删除规则 2' }));
    await userEvent.clear(within(drawer).getByLabelText('优先级 1'));
    await userEvent.type(within(drawer).getByLabelText('优先级 1'), '1');
    fireEvent.click(within(drawer).getByRole('button', { name: /添加规则/ }));
    await pick(drawer, '属地 3', '滨河街道（990102001）');
    await pick(drawer, '责任单位 3', '临北区城市管理综合执法局（LB-CG）');

    fireEvent.keyDown(nameZh, { key: 's', ctrlKey: true });

    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0].code).toBe('01010101');
    expect(puts[0].ifMatch).toBe('"7"');
    expect(puts[0].body).toEqual({
      parentCode: '010101', level: 4, nameZh: '流动摊贩', nameEn: 'Mobile vendors occupying roads', kinds: ['Complaint'], defaultGrade: 'B',
      keywords: ['摊贩', '摆摊', '夜市'],
      timeLimits: { dispatchMinutes: null, acceptWorkingHours: 2, firstContactWorkingHours: null, completionWorkingDays: 10, callbackWorkingDays: 3 },
      isActive: false,
      rules: [
        { orgUnitCode: null, departmentCode: 'LJ-CG', priority: 1 },
        { orgUnitCode: '990102', departmentCode: 'LB-CG', priority: 5 },
        { orgUnitCode: '990102001', departmentCode: 'LB-CG', priority: 0 },
      ],
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('已保存')).toBeInTheDocument();
    expect(await screen.findByText('01010101 流动摊贩')).toBeInTheDocument();
    const limits = screen.getByTestId('time-limits');
    expect(within(limits).getByText('10 工作日')).toBeInTheDocument();
    expect(within(limits).queryByText('30 分钟')).not.toBeInTheDocument();
    const rules = screen.getByTestId('rules');
    expect(within(rules).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual([
      '临北区990102临北区城市管理综合执法局LB-CG5',
      '不限属地（全市）市城市管理综合执法局LJ-CG1',
      '滨河街道990102001临北区城市管理综合执法局LB-CG0',
    ]);
  });

  it("puts a rejected save's errors on their fields, and keeps the form open", async () => {
    const { puts, stored } = stubApi(undefined, () => json({
      title: 'The item has errors', status: 400, detail: 'Nothing was saved.',
      errors: {
        nameZh: ['The name has more than 100 characters.'],
        'timeLimits.completionWorkingDays': ['A time limit cannot be negative (-1).'],
        'rules[1].orgUnitCode': ["Unknown org unit '990102001'."],
        'rules[2]': ['The rule *:LJ-CG appears twice.'],
        parentCode: ["Unknown parent '010101': it is neither in the file nor in the item list."],
      },
    }, 400));
    renderPage(['SystemAdmin'], '/items?code=01010101');
    const drawer = await openEditor(edit);

    fireEvent.click(within(drawer).getByRole('button', { name: save }));

    await waitFor(() => expect(formItem(drawer, '中文名称')).toHaveTextContent('The name has more than 100 characters.'));
    expect(formItem(drawer, '办结')).toHaveTextContent('A time limit cannot be negative (-1).');
    expect(formItem(drawer, '派单')).not.toHaveTextContent('cannot be negative');
    expect(formItem(drawer, '属地 2')).toHaveTextContent("Unknown org unit '990102001'.");
    expect(formItem(drawer, '责任单位 3')).toHaveTextContent('The rule *:LJ-CG appears twice.');
    expect(formItem(drawer, '责任单位 1')).not.toHaveTextContent('appears twice');
    expect(within(drawer).getByRole('alert')).toHaveTextContent("parentCode: Unknown parent '010101'");
    expect(puts).toHaveLength(1);
    expect(screen.getByRole('dialog')).toBe(drawer);
    expect(within(drawer).getByLabelText('中文名称')).toHaveValue('流动摊贩占道经营');
    expect(stored.get('01010101')!.etag).toBe('"7"');
  });

  it('says when someone else saved the item meanwhile, and loads their version only when asked', async () => {
    const { puts, stored } = stubApi();
    renderPage(['SystemAdmin'], '/items?code=01010101');
    const drawer = await openEditor(edit);
    // Another admin saves the item after this form was opened.
    stored.set('01010101', { detail: { ...vendors, item: { ...vendors.item, nameZh: '流动摊贩（已改）', nameEn: 'Changed by someone else' } }, etag: '"9"' });

    const nameEn = within(drawer).getByLabelText('英文名称');
    await userEvent.clear(nameEn);
    await userEvent.type(nameEn, 'My edit');
    fireEvent.click(within(drawer).getByRole('button', { name: save }));

    expect(await within(drawer).findByText('该事项已被他人修改')).toBeInTheDocument();
    expect(puts[0].ifMatch).toBe('"7"');
    expect(stored.get('01010101')!.detail.item.nameEn).toBe('Changed by someone else');
    // The edit stays in the form until the user chooses to load the latest version.
    expect(within(drawer).getByLabelText('英文名称')).toHaveValue('My edit');

    fireEvent.click(within(drawer).getByRole('button', { name: '载入最新版本' }));

    await waitFor(() => expect(within(drawer).getByLabelText('中文名称')).toHaveValue('流动摊贩（已改）'));
    expect(within(drawer).getByLabelText('英文名称')).toHaveValue('Changed by someone else');
    expect(within(drawer).queryByText('该事项已被他人修改')).not.toBeInTheDocument();

    // Saved again, against the version just loaded.
    fireEvent.click(within(drawer).getByRole('button', { name: save }));
    await waitFor(() => expect(puts).toHaveLength(2));
    expect(puts[1].ifMatch).toBe('"9"');
    expect(puts[1].body.nameZh).toBe('流动摊贩（已改）');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('creates a child without If-Match, says when its code is taken, and shows the new item', async () => {
    const { puts } = stubApi();
    renderPage(['SystemAdmin'], '/items?code=010101');
    const drawer = await openEditor(addChild);
    const code = within(drawer).getByLabelText('事项编码');
    expect(code).toHaveValue('010101');

    await userEvent.type(code, '01');
    await userEvent.type(within(drawer).getByLabelText('中文名称'), '夜市摊贩');
    await userEvent.type(within(drawer).getByLabelText('英文名称'), 'Night market vendors');
    fireEvent.click(within(drawer).getByRole('button', { name: save }));

    await waitFor(() => expect(formItem(drawer, '事项编码')).toHaveTextContent('编码“01010101”已被事项“流动摊贩占道经营”使用'));
    expect(puts).toHaveLength(1);
    expect(puts[0].ifMatch).toBeNull();

    await userEvent.clear(code);
    await userEvent.type(code, '01010102');
    fireEvent.click(within(drawer).getByRole('button', { name: save }));

    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?code=01010102'));
    expect(puts).toHaveLength(2);
    expect(puts[1].code).toBe('01010102');
    expect(puts[1].ifMatch).toBeNull();
    expect(puts[1].body).toMatchObject({
      parentCode: '010101', level: 4, nameZh: '夜市摊贩', nameEn: 'Night market vendors', kinds: ['Complaint'], defaultGrade: 'B', keywords: [],
      isActive: true, rules: [],
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText('01010102 夜市摊贩')).toBeInTheDocument();
    expect(screen.getByText('已新增事项 01010102')).toBeInTheDocument();
  });

  it('asks before Esc or Cancel discards changes, and closes at once when nothing changed', async () => {
    const { puts } = stubApi();
    renderPage(['SystemAdmin'], '/items?code=01010101');
    let drawer = await openEditor(edit);
    fireEvent.keyDown(within(drawer).getByLabelText('中文名称'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    drawer = await openEditor(edit);
    await userEvent.type(within(drawer).getByLabelText('中文名称'), '（改）');
    fireEvent.keyDown(within(drawer).getByLabelText('中文名称'), { key: 'Escape' });
    expect((await screen.findAllByText('放弃未保存的修改？')).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: '继续编辑' }));
    expect(within(drawer).getByLabelText('中文名称')).toHaveValue('流动摊贩占道经营（改）');
    expect(screen.getByText('编辑事项 01010101 流动摊贩占道经营')).toBeInTheDocument();

    // (jsdom never ends the closing dialog's animation, so the last of the buttons is the new dialog's.)
    fireEvent.click(within(drawer).getByRole('button', { name: /取\s*消/ }));
    await waitFor(() => expect(screen.getAllByRole('button', { name: '放弃修改' })).toHaveLength(2));
    fireEvent.click(screen.getAllByRole('button', { name: '放弃修改' }).at(-1)!);
    await waitFor(() => expect(screen.queryByText('编辑事项 01010101 流动摊贩占道经营')).not.toBeInTheDocument());
    expect(puts).toHaveLength(0);
  });

  it('maps the server error keys onto the form fields', () => {
    expect(formFieldOf('nameZh', 0, false)).toEqual(['nameZh']);
    expect(formFieldOf('DefaultGrade', 0, false)).toEqual(['defaultGrade']);
    expect(formFieldOf('timeLimits.completionWorkingDays', 0, false)).toEqual(['timeLimits', 'completionWorkingDays']);
    expect(formFieldOf('rules[1].orgUnitCode', 2, false)).toEqual(['rules', 1, 'orgUnitCode']);
    expect(formFieldOf('rules[0]', 1, false)).toEqual(['rules', 0, 'departmentCode']);
    expect(formFieldOf('rules[2].departmentCode', 2, false)).toBeNull();
    expect(formFieldOf('code', 0, false)).toBeNull();
    expect(formFieldOf('code', 0, true)).toEqual(['code']);
    expect(formFieldOf('parentCode', 0, true)).toBeNull();
    expect(formFieldOf('timeLimits.holidays', 0, false)).toBeNull();
  });
});

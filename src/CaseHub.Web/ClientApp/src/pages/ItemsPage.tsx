import { useEffect, useMemo, useState, type Key, type ReactNode } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Input, Space, Spin, Table, Tag, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { DownloadOutlined, EditOutlined, LoadingOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { mayImportReferenceData } from '../auth/access';
import { fileBody, ImportButton } from '../components/ImportButton';
import { showProblem } from '../lib/feedback';
import { saveFile } from '../lib/saveFile';
import { ancestorsOf, branchCodes, indexTree, orgTreeQuery } from '../lib/orgTree';
import { QueryError } from './ErrorPages';
import { ReferenceBrowser } from '../components/ReferenceBrowser';
import { itemQuery, ItemEditDrawer, MAX_ITEM_LEVEL, stageLimits, type EditTarget } from './ItemEditDrawer';

type ItemNode = Schemas['ItemTreeNode'];
type Rule = Schemas['RuleDto'];

/** Highest priority first; among equals, by jurisdiction, with the rule for anywhere (the last resort) at the end. */
export function orderRules(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => b.priority - a.priority
    || Number(a.orgUnitCode === null) - Number(b.orgUnitCode === null)
    || (a.orgUnitCode ?? '').localeCompare(b.orgUnitCode ?? ''));
}

/** 事项清单: the item tree on the left, the chosen item (kept in ?code=) on the right; export for all, import and editing for system admins. */
export default function ItemsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const english = i18n.language.startsWith('en');
  const nameOf = (n: { nameZh: string; nameEn: string }) => (english ? n.nameEn : n.nameZh);

  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const tree = useQuery({
    queryKey: ['items', 'tree', search], placeholderData: keepPreviousData,
    queryFn: async () => (await call(api.GET('/api/items', { params: { query: { view: 'tree', q: search || undefined } } }))) as ItemNode[],
  });
  const detail = useQuery({ ...itemQuery(code), enabled: !!code });
  const departments = useQuery({ queryKey: ['departments'], staleTime: 10 * 60_000, queryFn: () => call(api.GET('/api/departments')) });
  const orgTree = useQuery(orgTreeQuery);

  const items = useMemo(() => indexTree(tree.data), [tree.data]);
  const units = useMemo(() => indexTree(orgTree.data), [orgTree.data]);
  const departmentsByCode = useMemo(() => new Map((departments.data ?? []).map((d) => [d.code, d])), [departments.data]);

  // A search opens every branch it kept; otherwise the branches down to the chosen item open, and stay as the user left them.
  const [expanded, setExpanded] = useState<Key[]>([]);
  useEffect(() => {
    if (!tree.data) return;
    if (search) setExpanded(branchCodes(tree.data));
    else if (code) setExpanded((open) => [...new Set([...open, ...ancestorsOf(tree.data, code)])]);
  }, [tree.data, search, code]);

  const administers = mayImportReferenceData(me?.roles);
  const [editing, setEditing] = useState<EditTarget | null>(null);

  const select = (next: string) => {
    if (next && next !== code) setParams({ code: next });
  };

  const toData = (nodes: readonly ItemNode[]): DataNode[] => nodes.map((n) => ({
    key: n.code,
    title: (
      <span style={n.isActive ? undefined : { color: '#999' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 6 }}>{n.code}</Typography.Text>
        {nameOf(n)}
        {!n.isActive && <Tag style={{ marginLeft: 6 }}>{t('items.inactive')}</Tag>}
      </span>
    ),
    children: n.children.length > 0 ? toData(n.children) : undefined,
    isLeaf: n.children.length === 0,
  }));

  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null);
  const exportAs = async (format: 'csv' | 'json') => {
    setExporting(format);
    try {
      const file = await call(api.GET('/api/items/export', { params: { query: { format } }, parseAs: 'blob' })) as Blob;
      saveFile(file, `${t('items.title')}-${dayjs().format('YYYYMMDD')}.${format}`);
    } catch (error) {
      showProblem(error, message, t);
    } finally {
      setExporting(null);
    }
  };

  const toolbar = (
    <Space wrap>
      <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void exportAs('csv')}>{t('items.exportCsv')}</Button>
      <Button icon={<DownloadOutlined />} loading={exporting === 'json'} onClick={() => void exportAs('json')}>{t('items.exportJson')}</Button>
      {administers && (
        <ImportButton label={t('items.import')} name={t('items.importName')} hint={t('items.importHint')}
          formats={[{ extension: '.csv', contentType: 'text/csv' }, { extension: '.json', contentType: 'application/json' }]}
          send={(bytes, format) => call(api.POST('/api/items/import', { params: { query: { format: format.extension.slice(1) } }, ...fileBody(bytes, format.contentType) }))}
          invalidates={[['items']]} />
      )}
    </Space>
  );

  const unitName = (unitCode: string | null) => (unitCode === null ? t('items.anywhere') : units.get(unitCode)?.name ?? unitCode);
  const found = detail.data?.detail;
  const itemActions = administers && detail.data && (
    <Space wrap>
      <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', snapshot: detail.data })}>{t('items.edit')}</Button>
      {detail.data.detail.item.level < MAX_ITEM_LEVEL && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parent: detail.data.detail.item })}>{t('items.addChild')}</Button>
      )}
    </Space>
  );

  return (
    <ReferenceBrowser title={t('items.title')} toolbar={toolbar} treeLabel={t('items.tree')} empty={t('items.none')}
      search={(onKeyDown) => (
        // Searches as the user types; Enter searches at once, and the down arrow moves into the tree.
        <Input allowClear value={text} placeholder={t('items.search')} aria-label={t('items.search')} prefix={<SearchOutlined />}
          suffix={<LoadingOutlined style={{ visibility: tree.isFetching ? 'visible' : 'hidden' }} />}
          onChange={(e) => setText(e.target.value)} onPressEnter={() => setSearch(text.trim())} onKeyDown={onKeyDown} />
      )}
      tree={{ ...tree, data: tree.data ? toData(tree.data) : [] }} expanded={expanded} onExpand={setExpanded}
      selected={code} onSelect={select} isBranch={(key) => !!items.get(key)?.children.length}>
      {!code ? <Empty description={t('items.pick')} style={{ marginTop: 48 }} />
        : detail.isError ? <QueryError error={detail.error} notFound={t('items.notFound')} />
          : !found ? <Spin style={{ display: 'block', marginTop: 48 }} />
            : (
              <ItemDetailView detail={found} nameOf={nameOf} items={items} unitName={unitName}
                department={(c) => departmentsByCode.get(c)} actions={itemActions} />
            )}
      {editing && (
        <ItemEditDrawer target={editing} nameOf={nameOf} onClose={() => setEditing(null)}
          onSaved={(saved) => { setEditing(null); select(saved); }} />
      )}
    </ReferenceBrowser>
  );
}

/** One item: its facts, its stage time limits and who handles it where; `actions` (editing) beside its name. */
function ItemDetailView({ detail, nameOf, items, unitName, department, actions }: {
  detail: Schemas['ItemDetail'];
  nameOf: (n: { nameZh: string; nameEn: string }) => string;
  items: Map<string, ItemNode>;
  unitName: (code: string | null) => string;
  department: (code: string) => Schemas['DepartmentDto'] | undefined;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const item = detail.item;
  const itemLink = (c: string) => (
    <Link key={c} to={{ search: `?code=${encodeURIComponent(c)}` }}>{c} {items.get(c) ? nameOf(items.get(c)!) : ''}</Link>
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {item.code} {nameOf(item)}
          <Tag style={{ marginLeft: 8 }} color={item.isActive ? 'green' : undefined}>{item.isActive ? t('items.active') : t('items.inactive')}</Tag>
        </Typography.Title>
        {actions}
      </div>
      <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }} styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('items.code')}>{item.code}</Descriptions.Item>
        <Descriptions.Item label={t('items.level')}>{t(`items.levels.${item.level}` as 'items.levels.1', { defaultValue: String(item.level) })}</Descriptions.Item>
        <Descriptions.Item label={t('items.nameZh')}>{item.nameZh}</Descriptions.Item>
        <Descriptions.Item label={t('items.nameEn')}>{item.nameEn}</Descriptions.Item>
        <Descriptions.Item label={t('items.parent')}>
          {item.parentCode ? itemLink(item.parentCode) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('items.grade')}>{t(`items.grades.${item.defaultGrade}` as 'items.grades.A', { defaultValue: item.defaultGrade })}</Descriptions.Item>
        <Descriptions.Item label={t('items.kinds')} span={2}>
          {item.kinds.length > 0 ? item.kinds.map((k) => <Tag key={k}>{t(`kind.${k}` as 'kind.Enquiry', { defaultValue: k })}</Tag>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('items.keywords')} span={2}>
          {item.keywords.length > 0 ? item.keywords.map((k) => <Tag key={k} color="blue">{k}</Tag>) : '—'}
        </Descriptions.Item>
        {detail.childCodes.length > 0 && (
          <Descriptions.Item label={t('items.children')} span={2}>
            <Space wrap size={[12, 4]}>
              {detail.childCodes.map(itemLink)}
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Card size="small" title={t('items.timeLimits')}>
        <Descriptions size="small" column={{ xs: 1, md: 3, xxl: 5 }} data-testid="time-limits">
          {stageLimits.map(({ stage, field, unit }) => {
            const limit = item.timeLimits[field];
            return (
              <Descriptions.Item key={stage} label={t(`stage.${stage}` as 'stage.Dispatch')}>
                {limit === null || limit === undefined
                  ? <Typography.Text type="secondary">{t('items.byKind')}</Typography.Text>
                  : `${limit} ${t(`unit.${unit}`)}`}
              </Descriptions.Item>
            );
          })}
        </Descriptions>
      </Card>
      <Card size="small" title={t('items.rules')}>
        {/* Rules normally sit on the leaf items; only a leaf without one sends its cases to manual dispatch. */}
        {detail.rules.length === 0 ? (item.isLeaf ? <Alert type="warning" showIcon title={t('items.noRules')} /> : <Typography.Text>{t('items.noRulesHere')}</Typography.Text>) : (
          <Table<Rule> size="small" pagination={false} rowKey={(r) => `${r.orgUnitCode ?? '*'}:${r.departmentCode}`}
            dataSource={orderRules(detail.rules)} data-testid="rules"
            columns={[
              {
                title: t('items.jurisdiction'), dataIndex: 'orgUnitCode',
                render: (v: string | null) => <>{unitName(v)}{v && <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>{v}</Typography.Text>}</>,
              },
              {
                title: t('items.department'), dataIndex: 'departmentCode',
                // Dispatch passes over an inactive department's rule, so the case goes to manual dispatch.
                render: (v: string) => (
                  <>
                    {department(v)?.name ?? v}
                    <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>{v}</Typography.Text>
                    {department(v)?.isActive === false && <Tag color="red" style={{ marginLeft: 6 }}>{t('items.inactive')}</Tag>}
                  </>
                ),
              },
              { title: t('items.priority'), dataIndex: 'priority', width: 80, align: 'right' },
            ]} />
        )}
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>{t('items.ruleNote')}</Typography.Paragraph>
      </Card>
    </Space>
  );
}

import { useEffect, useMemo, useState, type Key } from 'react';
import { Breadcrumb, Card, Descriptions, Empty, Input, Space, Spin, Table, Tag, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { mayImportReferenceData } from '../auth/access';
import { fileBody, ImportButton } from '../components/ImportButton';
import { MapSnippet } from '../components/MapSnippet';
import { ancestorsOf, boundaryRings, filterOrgTree, indexTree, orgLevelColours, orgTreeQuery, type OrgLevel, type OrgTreeNode } from '../lib/orgTree';
import { QueryError } from './ErrorPages';
import { ReferenceBrowser } from '../components/ReferenceBrowser';

type Department = Schemas['DepartmentDto'];

function LevelTag({ level }: { level: OrgLevel }) {
  const { t } = useTranslation();
  return <Tag color={orgLevelColours[level]} style={{ marginInlineEnd: 6 }}>{t(`org.levels.${level}`)}</Tag>;
}

/** 组织与网格: the org tree on the left, the chosen unit (kept in ?code=) on the right; imports for system admins. */
export default function OrgPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const [filter, setFilter] = useState('');

  const tree = useQuery(orgTreeQuery);
  const shown = useMemo(() => filterOrgTree(tree.data ?? [], filter), [tree.data, filter]);
  const units = useMemo(() => indexTree(tree.data), [tree.data]);
  const detail = useQuery({
    queryKey: ['org-units', 'detail', code], enabled: !!code,
    queryFn: () => call(api.GET('/api/org-units/{code}', { params: { path: { code } } })),
  });
  const departments = useQuery({
    queryKey: ['departments', { orgUnit: code }], enabled: !!code,
    queryFn: () => call(api.GET('/api/departments', { params: { query: { orgUnit: code } } })),
  });

  // The city opens at first; a filter opens the paths to its matches; the chosen unit's branches open too.
  const [expanded, setExpanded] = useState<Key[]>([]);
  useEffect(() => {
    if (!tree.data) return;
    if (filter.trim()) setExpanded(shown.open);
    else setExpanded((open) => [...new Set([...open, ...tree.data.map((root) => root.code), ...ancestorsOf(tree.data, code)])]);
  }, [tree.data, shown, filter, code]);


  const select = (next: string) => {
    if (next && next !== code) setParams({ code: next });
  };

  const toData = (nodes: readonly OrgTreeNode[]): DataNode[] => nodes.map((n) => ({
    key: n.code,
    title: <span><LevelTag level={n.level} /><span>{n.name}</span></span>,
    children: n.children.length > 0 ? toData(n.children) : undefined,
    isLeaf: n.children.length === 0,
  }));

  const json = { extension: '.json', contentType: 'application/json' };
  const toolbar = mayImportReferenceData(me?.roles) && (
    <Space wrap>
      <ImportButton label={t('org.importUnits')} name={t('org.importUnitsName')} hint={t('org.importUnitsHint')} formats={[json]}
        send={(bytes) => call(api.POST('/api/org-units/import', fileBody(bytes, json.contentType)))} invalidates={[['org-units']]} />
      <ImportButton label={t('org.importGrids')} name={t('org.importGridsName')} hint={t('org.importGridsHint')}
        formats={[{ extension: '.geojson', contentType: 'application/geo+json' }, { extension: '.json', contentType: 'application/geo+json' }]}
        send={(bytes, format) => call(api.POST('/api/grids/import', fileBody(bytes, format.contentType)))} invalidates={[['org-units']]} />
      <ImportButton label={t('org.importDepartments')} name={t('org.importDepartmentsName')} hint={t('org.importDepartmentsHint')} formats={[json]}
        send={(bytes) => call(api.POST('/api/departments/import', fileBody(bytes, json.contentType)))} invalidates={[['departments']]} />
    </Space>
  );

  return (
    <ReferenceBrowser title={t('org.title')} toolbar={toolbar} treeLabel={t('org.tree')} empty={t('org.none')}
      search={(onKeyDown) => (
        <Input allowClear value={filter} placeholder={t('org.filter')} aria-label={t('org.filter')} prefix={<SearchOutlined />}
          onChange={(e) => setFilter(e.target.value)} onKeyDown={onKeyDown} />
      )}
      tree={{ ...tree, data: tree.data ? toData(shown.roots) : [] }} expanded={expanded} onExpand={setExpanded}
      selected={code} onSelect={select} isBranch={(key) => !!units.get(key)?.children.length}>
      {!code ? <Empty description={t('org.pick')} style={{ marginTop: 48 }} />
        : detail.isError ? <QueryError error={detail.error} notFound={t('org.notFound')} />
          : !detail.data ? <Spin style={{ display: 'block', marginTop: 48 }} />
            : <UnitDetailView unit={detail.data} departments={departments.data} departmentsLoading={departments.isPending} />}
    </ReferenceBrowser>
  );
}

/** One unit: its facts and place in the tree, its departments, and for a grid its boundary. */
function UnitDetailView({ unit, departments, departmentsLoading }: {
  unit: Schemas['OrgUnitDetail'];
  departments: Department[] | undefined;
  departmentsLoading: boolean;
}) {
  const { t } = useTranslation();
  // The chain runs from the unit up to the root; a unit imported a moment ago may not be in the server's index yet.
  const chain = unit.chain.length > 0 ? [...unit.chain].reverse() : [{ code: unit.code, name: unit.name, level: unit.level }];
  const rings = boundaryRings(unit.boundary);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}><LevelTag level={unit.level} />{unit.name}</Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }} styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('org.code')}>{unit.code}</Descriptions.Item>
        <Descriptions.Item label={t('org.level')}>{t(`org.levels.${unit.level}`)}</Descriptions.Item>
        <Descriptions.Item label={t('org.name')}>{unit.name}</Descriptions.Item>
        <Descriptions.Item label={t('org.children')}>{t('org.childCount', { count: unit.children })}</Descriptions.Item>
        <Descriptions.Item label={t('org.chain')} span={2}>
          <Breadcrumb data-testid="chain" items={chain.map((c) => ({
            key: c.code,
            title: c.code === unit.code ? c.name : <Link to={{ search: `?code=${encodeURIComponent(c.code)}` }}>{c.name}</Link>,
          }))} />
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('org.departments')}>
        <Table<Department> size="small" pagination={false} rowKey="code" loading={departmentsLoading} dataSource={departments ?? []}
          locale={{ emptyText: t('org.noDepartments') }} data-testid="departments"
          columns={[
            { title: t('org.department'), dataIndex: 'name' },
            { title: t('org.departmentCode'), dataIndex: 'code', width: 140 },
            {
              title: t('org.status'), dataIndex: 'isActive', width: 80,
              render: (v: boolean) => <Tag color={v ? 'green' : undefined}>{v ? t('org.active') : t('org.inactive')}</Tag>,
            },
          ]} />
      </Card>
      {unit.level === 'Grid' && (
        <Card size="small" title={t('org.boundary')}>
          {rings.length > 0
            ? <MapSnippet map={{ grid: { code: unit.code, name: unit.name, polygon: rings }, point: null }} width={400} height={260} />
            : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noBoundary')} />}
        </Card>
      )}
    </Space>
  );
}

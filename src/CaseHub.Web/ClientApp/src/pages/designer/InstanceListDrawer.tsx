import { useState } from 'react';
import { Badge, Checkbox, Drawer, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { formatTime } from '../../lib/format';
import { QueryError } from '../ErrorPages';
import { statusColours } from '../../designer/trail';

type Instance = Schemas['InstanceDto'];
const pageSize = 20;

/** A definition's instances, newest first: running ones by default, each linking to its instance view. */
export function InstanceListDrawer({ definition, onClose }: { definition: { definitionId: string; name: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [showFinished, setShowFinished] = useState(false);
  const [page, setPage] = useState(1);
  const definitionId = definition?.definitionId ?? '';
  const list = useQuery({
    queryKey: ['workflow-instances', definitionId, showFinished, page], enabled: !!definition,
    queryFn: () => call(api.GET('/api/workflows/instances', {
      params: { query: { definitionId, active: showFinished ? undefined : true, page, pageSize } },
    })),
  });

  const columns: ColumnsType<Instance> = [
    {
      title: t('designer.instance.id'), dataIndex: 'id', width: 110,
      render: (id: string) => <Link to={`/designer/instances/${id}`} title={t('designer.instance.view')}>{id.slice(0, 8)}</Link>,
    },
    { title: t('designer.instance.versionColumn'), dataIndex: 'definitionVersion', width: 64, render: (v: number) => `v${v}` },
    {
      title: t('cases.status'), dataIndex: 'status', width: 88,
      render: (s: string) => <Tag color={statusColours[s]}>{t(`designer.instance.status.${s}`, { defaultValue: s })}</Tag>,
    },
    {
      title: t('designer.instance.case'), key: 'case', width: 140,
      render: (_, i) => (i.case ? <Link to={`/cases/${i.case.trackingNumber}`}>{i.case.trackingNumber}</Link> : '—'),
    },
    {
      title: t('designer.instance.openIncidents'), dataIndex: 'openIncidents', width: 96, align: 'right',
      render: (n: number) => (n > 0 ? <Badge count={n} /> : 0),
    },
    { title: t('designer.instance.updatedAt'), dataIndex: 'updatedAt', width: 132, render: (v: string) => formatTime(v) },
  ];

  return (
    <Drawer open={!!definition} onClose={onClose} size={720} destroyOnHidden
      title={definition ? t('designer.instance.list', { name: definition.name }) : ''}>
      <Checkbox checked={showFinished} onChange={(e) => { setShowFinished(e.target.checked); setPage(1); }} style={{ marginBottom: 8 }}>
        {t('designer.instance.showFinished')}
      </Checkbox>
      {list.error ? <QueryError error={list.error} /> : (
        <Table<Instance> size="small" rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} columns={columns}
          data-testid="instance-list" locale={{ emptyText: t('designer.instance.none') }}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }} />
      )}
    </Drawer>
  );
}

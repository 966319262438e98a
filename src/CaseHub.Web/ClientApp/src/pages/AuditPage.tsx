import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api, call } from '../api/client';
import type { AuditEntry } from '../api/types';
import { diffFields } from '../lib/diff';
import { formatTime } from '../lib/format';
import { QueryError } from './ErrorPages';

type Filters = { range?: [Dayjs, Dayjs] | null; actor?: string; entity?: string };
const kindColours = { added: 'green', removed: 'red', changed: 'blue' } as const;

function show(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The append-only audit log for auditors: filters, and per entry the fields that changed. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const pageSize = 50;

  const query = {
    from: filters.range?.[0]?.startOf('day').toISOString(),
    to: filters.range?.[1]?.endOf('day').toISOString(),
    actor: filters.actor?.trim() || undefined,
    entity: filters.entity?.trim() || undefined,
    page,
    pageSize,
  };
  const list = useQuery({
    queryKey: ['audit', query],
    queryFn: () => call(api.GET('/api/audit', { params: { query } })),
  });

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: formatTime },
    { title: t('audit.actor'), dataIndex: 'actor', width: 130 },
    { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('audit.action'), dataIndex: 'action', width: 180, render: (v: string) => <Tag>{v}</Tag> },
    { title: t('audit.entity'), dataIndex: 'entity', width: 120 },
    { title: t('audit.entityId'), dataIndex: 'entityId', ellipsis: true, render: (v: string) => <Typography.Text copyable={{ text: v }} style={{ fontSize: 12 }}>{v}</Typography.Text> },
  ];

  return (
    <Card size="small" title={t('audit.title')}>
      <Form<Filters> layout="inline" onFinish={(v) => { setFilters(v); setPage(1); }} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="range" label={t('audit.range')}><DatePicker.RangePicker /></Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}><Input allowClear style={{ width: 140 }} /></Form.Item>
        <Form.Item name="entity" label={t('audit.entity')}><Input allowClear style={{ width: 140 }} /></Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">{t('common.search')}</Button>
        </Space>
      </Form>
      {list.error ? <QueryError error={list.error} /> : (
        <Table<AuditEntry> size="small" rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} columns={columns} scroll={{ x: 900 }}
          pagination={{ current: page, pageSize, total: list.data?.total, onChange: setPage, showSizeChanger: false, size: 'small' }}
          expandable={{
            expandedRowRender: (entry) => {
              const changes = diffFields(entry.before as Record<string, unknown> | null, entry.after as Record<string, unknown> | null);
              if (changes.length === 0) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
              return (
                <Table size="small" rowKey="field" pagination={false} dataSource={changes}
                  columns={[
                    { title: t('audit.field'), dataIndex: 'field', width: 200, render: (v: string, c) => <Tag color={kindColours[c.kind]}>{v}</Tag> },
                    { title: t('audit.before'), dataIndex: 'before', render: (v: unknown) => <code style={{ color: '#a8071a', whiteSpace: 'pre-wrap' }}>{show(v)}</code> },
                    { title: t('audit.after'), dataIndex: 'after', render: (v: unknown) => <code style={{ color: '#237804', whiteSpace: 'pre-wrap' }}>{show(v)}</code> },
                  ]} />
              );
            },
          }} />
      )}
    </Card>
  );
}

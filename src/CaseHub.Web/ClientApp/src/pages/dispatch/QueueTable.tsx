import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../api/types';
import { CardTag } from '../../components/CardTag';
import { formatRemaining, formatWaiting } from '../../lib/time';

type Props = {
  rows: CaseSummary[];
  loading?: boolean;
  selected: number;
  onSelect: (index: number) => void;
  me?: string;
  total?: number;
  page?: number;
  pageSize?: number;
  onPage?: (page: number) => void;
};

/** The dispatcher's queue: one row per case with its waiting time, card colour and who holds its task. */
export function QueueTable({ rows, loading, selected, onSelect, me, total, page, pageSize, onPage }: Props) {
  const { t } = useTranslation();
  const columns: ColumnsType<CaseSummary> = [
    {
      title: t('cases.trackingNumber'), dataIndex: 'trackingNumber', width: 140,
      render: (value: string) => <Link to={`/cases/${value}`} tabIndex={-1}>{value}</Link>,
    },
    {
      title: t('cases.title'), dataIndex: 'title', ellipsis: true,
      render: (value: string, row) => (
        <>
          {value}
          {row.probableDuplicateOf && <Tag color="orange" style={{ marginLeft: 6 }}>{t('dispatch.queues.duplicates')}</Tag>}
        </>
      ),
    },
    { title: t('cases.item'), dataIndex: 'itemName', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('cases.jurisdiction'), dataIndex: 'jurisdictionName', width: 120, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('dispatch.waiting'), dataIndex: 'waitingSince', width: 110, render: (v: string) => formatWaiting(v, t) },
    {
      title: t('cases.remaining'), dataIndex: 'remainingWorkingMinutes', width: 170,
      render: (v: number | null) => (
        <Typography.Text type={v !== null && v < 0 ? 'danger' : undefined} style={{ fontSize: 12 }}>{formatRemaining(v, t)}</Typography.Text>
      ),
    },
    { title: t('cases.cards'), dataIndex: 'card', width: 76, render: (v: string | null) => <CardTag card={v} /> },
    {
      title: t('dispatch.holder'), dataIndex: 'taskAssignee', width: 110,
      render: (v: string | null) => v
        ? <Tag color={v === me ? 'green' : 'default'}>{v}</Tag>
        : <Typography.Text type="secondary">{t('dispatch.unclaimed')}</Typography.Text>,
    },
  ];
  return (
    <Table<CaseSummary>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 980 }}
      rowClassName={(_, index) => (index === selected ? 'row-selected' : '')}
      onRow={(_, index) => ({ onClick: () => onSelect(index ?? 0), 'aria-selected': index === selected } as React.HTMLAttributes<HTMLElement>)}
      pagination={onPage ? { current: page, pageSize, total, onChange: onPage, showSizeChanger: false, size: 'small' } : false}
    />
  );
}

import { useEffect, useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { CaseSummary } from '../api/types';
import { CardTag } from '../components/CardTag';
import { showProblem } from '../lib/feedback';
import { saveFile } from '../lib/saveFile';
import { defaultPeriod, isCaseKey } from '../lib/caseSearch';
import { formatTime } from '../lib/format';
import { DepartmentPicker, ItemPicker, OrgUnitPicker } from './designer/editors';
import { QueryError } from './ErrorPages';

const pageSize = 20;
const statuses = ['New', 'PendingDispatch', 'Dispatched', 'Accepted', 'Completed', 'Closed', 'Merged', 'Cancelled'] as const;
const channels = ['Hotline', 'CitizenApp', 'GridPatrol', 'Whistle', 'Sensor', 'PublicOpinion', 'Open311'] as const;
const kinds = ['Enquiry', 'HelpRequest', 'Complaint', 'Report', 'Suggestion'] as const;
/** The criteria kept in the address bar, so that going back from a case returns to the same results. */
const fields = ['q', 'phone', 'status', 'channel', 'kind', 'itemCode', 'departmentCode', 'unitCode', 'from', 'to'] as const;
type Field = (typeof fields)[number];
type Criteria = Partial<Record<Field, string>>;
type FormValues = Omit<Criteria, 'from' | 'to'> & { period?: [Dayjs | null, Dayjs | null] | null };

/** The API's criteria: days become the centre's local midnights, the end day included. */
export function toQuery(criteria: Criteria) {
  const text = (f: Field) => criteria[f]?.trim() || undefined;
  return {
    q: text('q'), phone: text('phone'), itemCode: text('itemCode'), departmentCode: text('departmentCode'), unitCode: text('unitCode'),
    status: text('status') as (typeof statuses)[number] | undefined,
    channel: text('channel') as (typeof channels)[number] | undefined,
    kind: text('kind') as (typeof kinds)[number] | undefined,
    from: criteria.from ? dayjs(criteria.from).startOf('day').format() : undefined,
    to: criteria.to ? dayjs(criteria.to).add(1, 'day').startOf('day').format() : undefined,
  };
}

/** 案件查询: by tracking number, caller's phone, keyword, status, source, item, area, department and day received. */
export default function CaseLookupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const searched = params.size > 0;
  const criteria: Criteria = searched ? Object.fromEntries(fields.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : []))) : defaultPeriod();
  const page = Math.max(1, Number(params.get('page')) || 1);

  useEffect(() => {
    form.setFieldsValue({
      ...Object.fromEntries(fields.map((f) => [f, criteria[f]])),
      period: criteria.from || criteria.to ? [criteria.from ? dayjs(criteria.from) : null, criteria.to ? dayjs(criteria.to) : null] : null,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params]);

  const results = useQuery({
    queryKey: ['case-search', criteria, page],
    queryFn: () => call(api.GET('/api/cases/search', { params: { query: { ...toQuery(criteria), page, pageSize } } })),
  });

  const search = async (values: FormValues) => {
    // A tracking number or id opens its case, whatever the period, as the box always did.
    const q = values.q?.trim();
    if (q && isCaseKey(q)) {
      const found = await api.GET('/api/cases/{key}', { params: { path: { key: q } } });
      if (found.response.ok && found.data) {
        void navigate(`/cases/${found.data.trackingNumber}`);
        return;
      }
    }
    const [from, to] = values.period ?? [null, null];
    const next = new URLSearchParams();
    for (const f of fields) {
      const value = f === 'from' ? from?.format('YYYY-MM-DD') : f === 'to' ? to?.format('YYYY-MM-DD') : values[f]?.trim();
      if (value) next.set(f, value);
    }
    // An empty search still marks the address bar, so that "all time" differs from the 90-day default.
    if (next.size === 0) next.set('all', '1');
    setParams(next);
  };
  const [exporting, setExporting] = useState(false);
  // Fetched rather than linked, so that "too many cases" shows as a message instead of a downloaded error.
  const exportCsv = async () => {
    setExporting(true);
    try {
      const csv = await call(api.GET('/api/cases/search/export', { params: { query: toQuery(criteria) }, parseAs: 'blob' })) as Blob;
      saveFile(csv, `${t('cases.lookupTitle')}-${dayjs().format('YYYYMMDD-HHmm')}.csv`);
    } catch (error) {
      showProblem(error, message, t);
    } finally {
      setExporting(false);
    }
  };
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };

  const columns: ColumnsType<CaseSummary> = [
    { title: t('cases.trackingNumber'), dataIndex: 'trackingNumber', width: 136, render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
    { title: t('cases.title'), dataIndex: 'title', ellipsis: true },
    { title: t('cases.status'), dataIndex: 'status', width: 84, render: (v: string) => <Tag>{t(`status.${v}` as 'status.New')}</Tag> },
    { title: t('cases.channel'), dataIndex: 'channel', width: 96, render: (v: string) => t(`channel.${v}` as 'channel.Hotline') },
    { title: t('cases.item'), dataIndex: 'itemName', width: 140, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('cases.jurisdiction'), dataIndex: 'jurisdictionName', width: 110, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('cases.department'), dataIndex: 'departmentName', width: 130, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('cases.receivedAt'), dataIndex: 'receivedAt', width: 132, render: (v: string) => formatTime(v) },
    { title: t('cases.cards'), dataIndex: 'card', width: 64, render: (v: string | null) => <CardTag card={v} /> },
  ];
  const options = (values: readonly string[], group: 'status' | 'channel' | 'kind') =>
    values.map((v) => ({ value: v, label: t(`${group}.${v}` as 'status.New') }));

  return (
    <Card title={t('cases.lookupTitle')} size="small">
      <Form<FormValues> form={form} onFinish={search} layout="inline" size="small" style={{ rowGap: 8, marginBottom: 12 }} aria-label={t('cases.search.form')}>
        <Form.Item name="q" style={{ width: 260 }}>
          <Input autoFocus allowClear placeholder={t('cases.lookupPlaceholder')} aria-label={t('cases.lookupPlaceholder')} />
        </Form.Item>
        <Form.Item name="phone" style={{ width: 150 }}>
          <Input allowClear placeholder={t('cases.search.phone')} aria-label={t('cases.search.phone')} inputMode="tel" />
        </Form.Item>
        <Form.Item name="period">
          <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={[t('cases.search.from'), t('cases.search.to')]} style={{ width: 230 }} />
        </Form.Item>
        <Form.Item name="status" style={{ width: 110 }}>
          <Select allowClear placeholder={t('cases.status')} aria-label={t('cases.status')} options={options(statuses, 'status')} />
        </Form.Item>
        <Form.Item name="channel" style={{ width: 120 }}>
          <Select allowClear placeholder={t('cases.channel')} aria-label={t('cases.channel')} options={options(channels, 'channel')} />
        </Form.Item>
        <Form.Item name="kind" style={{ width: 96 }}>
          <Select allowClear placeholder={t('cases.kind')} aria-label={t('cases.kind')} options={options(kinds, 'kind')} />
        </Form.Item>
        {/* The form hands each picker its value and onChange; the props below only satisfy the pickers' types. */}
        <Form.Item name="itemCode" style={{ width: 220 }}>
          <ItemPicker value={form.getFieldValue('itemCode') ?? ''} onChange={(v) => form.setFieldValue('itemCode', v)} />
        </Form.Item>
        <Form.Item name="unitCode" style={{ width: 180 }}>
          <OrgUnitPicker value={form.getFieldValue('unitCode') ?? ''} onChange={(v) => form.setFieldValue('unitCode', v)} />
        </Form.Item>
        <Form.Item name="departmentCode" style={{ width: 200 }}>
          <DepartmentPicker value={form.getFieldValue('departmentCode') ?? ''} onChange={(v) => form.setFieldValue('departmentCode', v as string)} multiple={false} queue={false}
            placeholder={t('cases.department')} />
        </Form.Item>
        <Space size={8}>
          <Button type="primary" htmlType="submit">{t('common.search')}</Button>
          <Button onClick={() => { form.resetFields(); setParams(new URLSearchParams()); }}>{t('common.reset')}</Button>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>{t('cases.search.export')}</Button>
        </Space>
      </Form>
      {results.isError ? <QueryError error={results.error} /> : (
        <>
          <Table<CaseSummary> size="small" rowKey="id" loading={results.isFetching} dataSource={results.data?.items ?? []} columns={columns}
            pagination={false} scroll={{ x: 1000 }} locale={{ emptyText: t('cases.search.none') }} />
          <Space style={{ marginTop: 8, justifyContent: 'flex-end', width: '100%' }}>
            <Typography.Text type="secondary">{t('cases.search.page', { page })}</Typography.Text>
            <Button size="small" disabled={page <= 1} onClick={() => goTo(page - 1)}>{t('cases.search.previous')}</Button>
            <Button size="small" disabled={!results.data?.hasMore} onClick={() => goTo(page + 1)}>{t('cases.search.next')}</Button>
          </Space>
        </>
      )}
    </Card>
  );
}

import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Empty, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, call, type Schemas } from '../api/client';
import { CardTag, worstCard } from '../components/CardTag';
import { CaseActionModal, type CaseAction } from '../components/CaseActionModal';
import { EChart } from '../components/EChart';
import { showProblem } from '../lib/feedback';
import { formatTime, toNumber } from '../lib/format';
import { formatSpan, splitWorkingMinutes } from '../lib/time';
import { cardsByDepartmentOption, trendOption, type DayCounts } from './supervision/charts';
import { useLiveCases } from '../live/useLiveCases';

type Overdue = Schemas['OverdueDto'];
type RankRow = Schemas['AssessmentRowDto'];
const stages = ['Dispatch', 'Accept', 'FirstContact', 'Completion', 'Callback'] as const;
const trendDays = 14;

export default function SupervisionPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  useLiveCases(['supervision', 'overdue']);
  // Filters live in the URL, so a drill-down can be bookmarked and shared.
  const [params, setParams] = useSearchParams();
  const stage = params.get('stage') ?? undefined;
  const departmentCode = params.get('department') ?? undefined;
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const [action, setAction] = useState<{ kind: CaseAction; caseId: string } | null>(null);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const overdue = useQuery({
    queryKey: ['supervision', 'overdue', stage, departmentCode], refetchInterval: 60_000,
    queryFn: () => call(api.GET('/api/supervision/overdue', { params: { query: { stage: stage as Schemas['CaseStage'] | undefined, departmentCode, limit: 200 } } })),
  });
  const departments = useQuery({ queryKey: ['departments'], staleTime: 10 * 60_000, queryFn: () => call(api.GET('/api/departments')) });
  const metrics = useQuery({
    queryKey: ['supervision', 'metrics', from, to],
    queryFn: () => call(api.GET('/api/assessment/metrics', { params: { query: { dimension: 'department', from, to } } })),
  });
  const ranking = useQuery({
    queryKey: ['supervision', 'ranking', from, to],
    queryFn: () => call(api.GET('/api/assessment/ranking', { params: { query: { dimension: 'department', from, to, top: '5' } } })),
  });
  const alerts = useQuery({
    queryKey: ['supervision', 'alerts'],
    queryFn: () => call(api.GET('/api/assessment/alerts', { params: { query: { acknowledged: 'false' } } })),
  });
  const extensions = useQuery({
    queryKey: ['supervision', 'extensions'],
    queryFn: () => call(api.GET('/api/supervision/extensions')),
  });
  const trendFrom = range[1].subtract(trendDays - 1, 'day').format('YYYY-MM-DD');
  const trendTo = range[1].format('YYYY-MM-DD');
  const trend = useQuery({
    queryKey: ['supervision', 'trend', trendFrom, trendTo],
    staleTime: 60_000,
    queryFn: () => call(api.GET('/api/assessment/trend', { params: { query: { from: trendFrom, to: trendTo } } })),
  });
  const trendData: DayCounts[] = (trend.data?.days ?? []).map((d) => ({
    day: d.day,
    dispatched: toNumber(d.counts.dispatched) ?? 0,
    completed: toNumber(d.counts.completed) ?? 0,
    red: toNumber(d.counts.redCard) ?? 0,
    yellow: toNumber(d.counts.yellowCard) ?? 0,
  }));

  const cardRows = (metrics.data?.rows ?? []).map((r) => ({
    code: r.code, name: r.name,
    blue: toNumber(r.counts.blueCard) ?? 0, yellow: toNumber(r.counts.yellowCard) ?? 0, red: toNumber(r.counts.redCard) ?? 0,
  }));

  const acknowledge = async (id: string) => {
    try {
      await call(api.POST('/api/assessment/alerts/{id}/acknowledge', { params: { path: { id } } }));
      void message.success(t('supervision.acknowledged'));
      await queryClient.invalidateQueries({ queryKey: ['supervision', 'alerts'] });
    } catch (error) {
      showProblem(error, message, t);
    }
  };
  const decide = async (id: string, approve: boolean) => {
    try {
      const path = { requestId: id };
      if (approve) await call(api.POST('/api/supervision/extensions/{requestId}/approve', { params: { path }, body: {} }));
      else await call(api.POST('/api/supervision/extensions/{requestId}/reject', { params: { path }, body: {} }));
      void message.success(t('supervision.decided'));
      await queryClient.invalidateQueries({ queryKey: ['supervision', 'extensions'] });
    } catch (error) {
      showProblem(error, message, t);
    }
  };

  // Fits the board's two-thirds of a 1366×768 screen without scrolling sideways: how late and which card come before
  // the due time, which moves into the lateness cell's tooltip.
  const overdueColumns: ColumnsType<Overdue> = [
    { title: t('cases.trackingNumber'), dataIndex: 'trackingNumber', width: 124, render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
    { title: t('cases.title'), dataIndex: 'title', ellipsis: true },
    { title: t('supervision.stage'), dataIndex: 'stage', width: 64, render: (v: string) => t(`stage.${v}` as 'stage.Dispatch', { defaultValue: v }) },
    { title: t('supervision.department'), dataIndex: 'departmentName', width: 140, ellipsis: true, render: (v: string | null, r) => v ?? r.departmentCode ?? '—' },
    {
      title: t('supervision.overdueBy'), dataIndex: 'overdueWorkingMinutes', width: 104,
      render: (v: number | string, r) => (
        <Typography.Text type="danger" style={{ fontSize: 12 }} title={t('supervision.overdueTip', { due: formatTime(r.dueAt) })}>
          {formatSpan(splitWorkingMinutes(toNumber(v) ?? 0), t)}
        </Typography.Text>
      ),
    },
    { title: t('cases.cards'), dataIndex: 'cards', width: 56, render: (cards: string[]) => <CardTag card={worstCard(cards)} /> },
    {
      title: t('common.actions'), key: 'actions', width: 120,
      render: (_, r) => (
        <Space size={4}>
          <Button size="small" onClick={() => setAction({ kind: 'remind', caseId: r.caseId })}>{t('actions.remind')}</Button>
          <Button size="small" type="primary" onClick={() => setAction({ kind: 'order', caseId: r.caseId })}>{t('actions.order')}</Button>
        </Space>
      ),
    },
  ];
  const rankColumns: ColumnsType<RankRow> = [
    { title: '#', dataIndex: 'rank', width: 40 },
    { title: t('supervision.department'), dataIndex: 'name', ellipsis: true },
    // The volume beside the score: a perfect score on three cases reads differently from one on three hundred.
    { title: t('supervision.cases'), key: 'cases', width: 56, align: 'right', render: (_, r) => toNumber(r.counts.dispatched) ?? 0 },
    { title: t('supervision.score'), dataIndex: 'score', width: 84, render: (v: number | string | null) => toNumber(v)?.toFixed(1) ?? '—' },
  ];
  const rankTable = (rows: RankRow[] | undefined, colour: string, title: string) => (
    <Table<RankRow> size="small" rowKey="code" pagination={false} dataSource={rows ?? []} columns={rankColumns} loading={ranking.isPending}
      title={() => <Tag color={colour}>{title}</Tag>}
      onRow={(r) => ({ onClick: () => setFilter('department', r.code), style: { cursor: 'pointer' } })} />
  );

  const exportHref = `/api/assessment/export?${new URLSearchParams({ dimension: 'department', from, to })}`;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('supervision.title')}
        extra={
          <Space wrap>
            <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
              aria-label={`${t('supervision.from')} – ${t('supervision.to')}`} />
            <Button icon={<DownloadOutlined />} href={exportHref} download>{t('supervision.export')}</Button>
          </Space>
        }>
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('supervision.trend')}</Typography.Title>
            <EChart ariaLabel={t('supervision.trend')} height={260}
              option={trendOption(trendData, { dispatched: t('supervision.dispatched'), completed: t('supervision.completed'), red: t('card.Red'), yellow: t('card.Yellow') })} />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('supervision.cardsByDept')}</Typography.Title>
            {cardRows.some((r) => r.blue + r.yellow + r.red > 0) ? (
              <EChart ariaLabel={t('supervision.cardsByDept')} height={260}
                option={cardsByDepartmentOption(cardRows, { Blue: t('card.Blue'), Yellow: t('card.Yellow'), Red: t('card.Red') })}
                onClick={(p) => {
                  const code = (p.data as { code?: string } | undefined)?.code;
                  if (code) setFilter('department', code);
                }} />
            ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          </Col>
        </Row>
      </Card>
      <Row gutter={12}>
        <Col xs={24} xl={16}>
          <Card size="small" title={`${t('supervision.overdue')}（${overdue.data?.length ?? 0}）`}
            extra={
              <Space wrap>
                <Select allowClear size="small" placeholder={t('supervision.stage')} value={stage} style={{ width: 110 }} aria-label={t('supervision.stage')}
                  onChange={(v) => setFilter('stage', v)} options={stages.map((s) => ({ value: s, label: t(`stage.${s}`) }))} />
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} size="small" placeholder={t('supervision.department')} value={departmentCode}
                  style={{ width: 200 }} aria-label={t('supervision.department')} onChange={(v) => setFilter('department', v)}
                  options={(departments.data ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))} />
              </Space>
            }>
            <Table<Overdue> size="small" rowKey={(r) => `${r.caseId}-${r.stage}`} loading={overdue.isPending} dataSource={overdue.data ?? []}
              columns={overdueColumns} scroll={{ x: 720 }} pagination={{ pageSize: 20, size: 'small', showSizeChanger: false }} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('supervision.ranking')}
            extra={(toNumber(ranking.data?.minimumDispatched) ?? 0) > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('supervision.minimum', { count: toNumber(ranking.data?.minimumDispatched) ?? 0 })}
              </Typography.Text>
            )}>
            <Row gutter={8}>
              <Col xs={24} md={12} xl={24}>{rankTable(ranking.data?.honourRoll, 'red', t('supervision.honour'))}</Col>
              <Col xs={24} md={12} xl={24}>{rankTable(ranking.data?.blacklist, 'black', t('supervision.blacklist'))}</Col>
            </Row>
          </Card>
          <Card size="small" title={t('supervision.alerts')} style={{ marginTop: 12 }}>
            <List size="small" dataSource={alerts.data ?? []} loading={alerts.isPending} locale={{ emptyText: t('common.none') }}
              renderItem={(a) => (
                <List.Item actions={[<Button key="ack" size="small" onClick={() => void acknowledge(a.id)}>{t('supervision.acknowledge')}</Button>]}>
                  <List.Item.Meta title={`${a.day} · ${a.areaName} · ${a.itemName}`}
                    description={`${t('supervision.count')} ${toNumber(a.count)}，${t('supervision.threshold')} ${toNumber(a.threshold)?.toFixed(1)}`} />
                </List.Item>
              )} />
          </Card>
          <Card size="small" title={t('supervision.extensions')} style={{ marginTop: 12 }}>
            <List size="small" dataSource={extensions.data ?? []} loading={extensions.isPending} locale={{ emptyText: t('common.none') }}
              renderItem={(x) => (
                <List.Item actions={[
                  <Button key="ok" size="small" type="primary" onClick={() => void decide(x.id, true)}>{t('supervision.approve')}</Button>,
                  <Button key="no" size="small" danger onClick={() => void decide(x.id, false)}>{t('supervision.reject')}</Button>,
                ]}>
                  <List.Item.Meta title={<Link to={`/cases/${x.caseId}`}>{t(`stage.${x.stage}` as 'stage.Dispatch', { defaultValue: x.stage })} → {formatTime(x.requestedDueAt)}</Link>}
                    description={`${x.requestedBy}：${x.reason}`} />
                </List.Item>
              )} />
          </Card>
        </Col>
      </Row>
      {action && <CaseActionModal action={action.kind} caseId={action.caseId} onClose={() => setAction(null)} />}
    </Space>
  );
}

import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { problemText } from '../api/problem';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { caseActions, mayReadInstances } from '../auth/access';
import { CardTag, worstCard } from '../components/CardTag';
import { CaseActionModal, type CaseAction } from '../components/CaseActionModal';
import { CaseLines } from '../components/CaseLines';
import { MapSnippet } from '../components/MapSnippet';
import { WorkflowDiagram } from '../components/WorkflowDiagram';
import { formatRemaining } from '../lib/time';
import { formatTime, toNumber } from '../lib/format';
import { maskIdNumber, maskName, maskPhone } from '../lib/mask';
import { QueryError } from './ErrorPages';

type Deadline = Schemas['DeadlineDto'];
type TimelineEntry = Schemas['TimelineEntryDto'];

function timelineColour(kind: string): string {
  if (kind === 'card.red' || kind === 'escalated') return 'red';
  if (kind === 'card.yellow') return '#d4a106';
  if (kind === 'card.blue') return 'blue';
  if (kind.startsWith('reply') || kind.startsWith('callback')) return 'green';
  return 'gray';
}

export default function CasePage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const { me } = useAuth();
  const [action, setAction] = useState<CaseAction | null>(null);

  const caseQuery = useQuery({
    queryKey: ['case', key],
    queryFn: () => call(api.GET('/api/cases/{key}', { params: { path: { key } } })),
  });
  const id = caseQuery.data?.id;
  const deadlines = useQuery({
    queryKey: ['case', id, 'deadlines'], enabled: !!id,
    queryFn: () => call(api.GET('/api/cases/{id}/deadlines', { params: { path: { id: id! } } })),
  });
  const timeline = useQuery({
    queryKey: ['case', id, 'timeline'], enabled: !!id,
    queryFn: () => call(api.GET('/api/cases/{id}/timeline', { params: { path: { id: id! } } })),
  });
  const map = useQuery({
    queryKey: ['case', id, 'map'], enabled: !!id, retry: false,
    queryFn: () => call(api.GET('/api/cases/{id}/map', { params: { path: { id: id! } } })),
  });
  const workflow = useQuery({
    queryKey: ['case', id, 'workflow'], enabled: !!id, retry: false,
    queryFn: () => call(api.GET('/api/cases/{id}/workflow', { params: { path: { id: id! } } })),
  });
  const related = useQuery({
    queryKey: ['case', id, 'related'], enabled: !!id,
    queryFn: () => call(api.GET('/api/cases/{id}/related', { params: { path: { id: id! } } })),
  });
  const departments = useQuery({
    queryKey: ['departments'], staleTime: 10 * 60_000,
    queryFn: () => call(api.GET('/api/departments')),
  });

  if (caseQuery.isPending) return <div style={{ textAlign: 'center', paddingTop: '15vh' }}><Spin /></div>;
  if (caseQuery.error) return <QueryError error={caseQuery.error} notFound={t('errors.caseNotFound')} />;
  const c = caseQuery.data;

  const allowed = caseActions(me?.roles);
  const open = !['Closed', 'Merged', 'Cancelled'].includes(c.status);
  const clocks = deadlines.data ?? [];
  const suspended = clocks.some((d) => d.open && d.paused);
  const departmentCode = [...clocks].reverse().find((d) => d.departmentCode)?.departmentCode ?? null;
  const nameOfDepartment = (code: string | null) => (code && departments.data?.find((d) => d.code === code)?.name) || code;
  const departmentName = nameOfDepartment(departmentCode);
  const seePersonal = !!me?.canSeePersonalData && !c.complainant?.masked;
  const complainant = c.complainant;
  const openClock = clocks.find((d) => d.open);

  const clockColumns = [
    { title: t('cases.stageCol'), dataIndex: 'stage', render: (s: string) => t(`stage.${s}` as 'stage.Dispatch', { defaultValue: s }) },
    { title: t('cases.department'), dataIndex: 'departmentCode', render: (v: string | null) => nameOfDepartment(v) ?? '—' },
    { title: t('cases.limit'), key: 'limit', render: (_: unknown, d: Deadline) => `${toNumber(d.limit)} ${t(`unit.${d.unit}` as 'unit.Minutes', { defaultValue: d.unit })}` },
    { title: t('cases.dueAt'), dataIndex: 'dueAt', render: formatTime },
    {
      title: t('cases.remaining'), key: 'remaining',
      render: (_: unknown, d: Deadline) => d.open
        ? <Typography.Text type={toNumber(d.remainingMinutes)! < 0 ? 'danger' : undefined}>{formatRemaining(d.remainingMinutes, t)}</Typography.Text>
        : <Tag color={d.onTime ? 'green' : d.onTime === false ? 'red' : undefined}>{d.onTime ? t('cases.onTime') : d.onTime === false ? t('cases.late') : t('cases.clockMet')}</Tag>,
    },
    { title: t('cases.cards'), dataIndex: 'cards', render: (cards: string[]) => <Space size={2}>{cards.map((x) => <CardTag key={x} card={x} />)}</Space> },
    { title: t('cases.status'), key: 'state', render: (_: unknown, d: Deadline) => d.paused ? t('cases.clockPaused') : d.open ? t('cases.clockOpen') : t('cases.clockMet') },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>{c.title}</Typography.Title>
            <Tag>{c.trackingNumber}</Tag>
            <Tag color="processing">{t(`status.${c.status}` as 'status.New', { defaultValue: c.status })}</Tag>
            {/* The table's "—" for no card would read as a stray dash in a heading. */}
            {worstCard(openClock?.cards) && <CardTag card={worstCard(openClock?.cards)} />}
            {openClock && <Typography.Text type="secondary">{t(`stage.${openClock.stage}` as 'stage.Dispatch')}：{formatRemaining(openClock.remainingMinutes, t)}</Typography.Text>}
          </Space>
          {open && (
            <Space wrap>
              {allowed.remind && <Button onClick={() => setAction('remind')}>{t('actions.remind')}</Button>}
              {allowed.order && <Button onClick={() => setAction('order')}>{t('actions.order')}</Button>}
              {allowed.escalate && <Button onClick={() => setAction('escalate')}>{t('actions.escalate')}</Button>}
              {allowed.contact && <Button onClick={() => setAction('contact')}>{t('actions.contact')}</Button>}
              {allowed.suspend && !suspended && <Button onClick={() => setAction('suspend')}>{t('actions.suspend')}</Button>}
              {allowed.suspend && suspended && <ResumeButton caseId={c.id} />}
              {allowed.extension && <Button onClick={() => setAction('extension')}>{t('actions.extension')}</Button>}
            </Space>
          )}
        </Space>
      </Card>
      <Row gutter={12}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('cases.facts')}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('cases.kind')}>{t(`kind.${c.kind}` as 'kind.Enquiry', { defaultValue: c.kind })}</Descriptions.Item>
              <Descriptions.Item label={t('cases.grade')}>{c.grade}</Descriptions.Item>
              <Descriptions.Item label={t('cases.channel')}>{t(`channel.${c.channel}` as 'channel.Hotline', { defaultValue: c.channel })}</Descriptions.Item>
              <Descriptions.Item label={t('cases.department')}>{departmentName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.receivedAt')}>{formatTime(c.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.occurredAt')}>{formatTime(c.occurredAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.dispatchedAt')}>{formatTime(c.dispatchedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.acceptedAt')}>{formatTime(c.acceptedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.dueAt')}>{formatTime(c.dueAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.closedAt')}>{formatTime(c.closedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.address')} span={2}>{c.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.description')} span={2}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.complainant')} span={2}>
                <span data-testid="complainant">
                  {complainant
                    ? [seePersonal ? complainant.name : maskName(complainant.name), seePersonal ? complainant.phone : maskPhone(complainant.phone),
                      seePersonal ? complainant.idNumber : maskIdNumber(complainant.idNumber)].filter(Boolean).join(' · ') || '—'
                    : '—'}
                </span>
                {!seePersonal && complainant && <Tag style={{ marginLeft: 8 }}>{t('cases.masked')}</Tag>}
              </Descriptions.Item>
              {(c.duplicateOfId || c.probableDuplicateOfId) && (
                <Descriptions.Item label={c.duplicateOfId ? t('cases.duplicateOf') : t('cases.probableDuplicateOf')} span={2}>
                  <Typography.Link href={`/cases/${c.duplicateOfId ?? c.probableDuplicateOfId}`}>{c.duplicateOfId ?? c.probableDuplicateOfId}</Typography.Link>
                </Descriptions.Item>
              )}
              {c.replyText && <Descriptions.Item label={t('cases.reply')} span={2}>{c.replyText}（{formatTime(c.repliedAt)}）</Descriptions.Item>}
              {c.callbackResult && (
                <Descriptions.Item label={t('cases.callback')} span={2}>
                  {t(`satisfaction.${c.callbackResult}` as 'satisfaction.Satisfied', { defaultValue: c.callbackResult })}
                  {c.callbackResolved !== null && ` · ${t('cases.callbackResolved')}：${c.callbackResolved ? t('common.yes') : t('common.no')}`}
                </Descriptions.Item>
              )}
              {(toNumber(c.reopenCount) ?? 0) > 0 && <Descriptions.Item label={t('cases.reopenCount')}>{c.reopenCount}</Descriptions.Item>}
              {c.attachments.length > 0 && (
                <Descriptions.Item label={t('cases.attachments')} span={2}>
                  {c.attachments.map((a) => `${a.fileName} (${a.contentType}, ${toNumber(a.size)} B)`).join('；')}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card size="small" title={t('cases.clocks')} style={{ marginTop: 12 }}>
            {deadlines.error ? <Alert type="error" title={String(deadlines.error)} /> : (
              <Table<Deadline> size="small" rowKey="id" pagination={false} loading={deadlines.isPending}
                dataSource={clocks} columns={clockColumns} scroll={{ x: 720 }} />
            )}
          </Card>
          <Card size="small" title={t('cases.workflowDiagram')} style={{ marginTop: 12 }} extra={c.workflowInstanceId && mayReadInstances(me?.roles) && (
            <Link to={`/designer/instances/${c.workflowInstanceId}`}>{t('cases.openInDesigner')}</Link>
          )}>
            {workflow.isPending ? <Spin /> : <WorkflowDiagram diagram={workflow.data} />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('cases.map')}>
            <MapSnippet map={map.data} />
            {c.latitude !== null && c.longitude !== null && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cases.location')}：{toNumber(c.latitude)?.toFixed(5)}, {toNumber(c.longitude)?.toFixed(5)}</Typography.Text>
            )}
          </Card>
          {(related.data?.items.length ?? 0) > 0 && (
            // 重复来电: the complainant's other cases, so that a repeat call is seen for what it is.
            <Card size="small" title={t('cases.related', { count: related.data!.items.length, more: related.data!.hasMore ? '+' : '' })} style={{ marginTop: 12 }}
              role="region" aria-label={t('cases.relatedLabel')}>
              <CaseLines cases={related.data!.items} />
            </Card>
          )}
          <Card size="small" title={t('cases.timeline')} style={{ marginTop: 12, maxHeight: 560, overflow: 'auto' }}>
            {timeline.isPending ? <Spin /> : (
              <Timeline items={(timeline.data ?? []).map((e: TimelineEntry, i) => ({
                key: i,
                color: timelineColour(e.kind),
                content: (
                  <>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(e.at)} · {e.actor ?? '—'}</Typography.Text>
                    <div>{e.text}</div>
                  </>
                ),
              }))} />
            )}
          </Card>
        </Col>
      </Row>
      <CaseActionModal action={action} caseId={c.id} onClose={() => setAction(null)} />
    </Space>
  );
}

function ResumeButton({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <Button loading={busy} onClick={async () => {
      setBusy(true);
      try {
        await call(api.POST('/api/cases/{id}/resume', { params: { path: { id: caseId } } }));
        void message.success(t('actions.resumed'));
        await queryClient.invalidateQueries({ queryKey: ['case'] });
      } catch (e) {
        void message.error(problemText(e, t('common.failed')));
      } finally {
        setBusy(false);
      }
    }}>{t('actions.resume')}</Button>
  );
}

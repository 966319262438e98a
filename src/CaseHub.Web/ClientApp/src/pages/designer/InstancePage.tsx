import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Empty, List, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { AimOutlined, ArrowLeftOutlined, RedoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { problemText } from '../../api/problem';
import { useAuth } from '../../auth/AuthProvider';
import { mayEditWorkflows } from '../../auth/access';
import { descriptorsQuery, designerApi } from '../../designer/api';
import { DesignerCanvas } from '../../designer/canvas';
import { activitiesOf, activityLabel, documentToGraph, needsLayout, outcomeLabel, type DesignEdge } from '../../designer/document';
import { countBadges, instanceTrail, showTrail, statusColours, type Incident, type JournalEntry } from '../../designer/trail';
import { formatTime } from '../../lib/format';
import { QueryError } from '../ErrorPages';

type Instance = Schemas['InstanceDto'];

const eventColours: Record<string, string> = { Executed: 'blue', Waiting: 'orange', Resumed: 'cyan', Faulted: 'red', Cancelled: 'default', Log: 'default' };

/**
 * One workflow instance on its definition version's diagram, read-only: the path taken, where it waits, its faults,
 * and how many running instances of that version wait or faulted at each activity; beside it the journal and the
 * incidents, which workflow admins retry here.
 */
export default function InstancePage() {
  const { instanceId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { me } = useAuth();
  const mayRetry = mayEditWorkflows(me?.roles);
  const queryClient = useQueryClient();

  const instance = useQuery({
    queryKey: ['workflow-instance', instanceId],
    queryFn: () => call(api.GET('/api/workflows/instances/{id}', { params: { path: { id: instanceId } } })),
  });
  const journal = useQuery({
    queryKey: ['workflow-instance', instanceId, 'journal'],
    queryFn: () => call(api.GET('/api/workflows/instances/{id}/journal', { params: { path: { id: instanceId } } })),
  });
  const incidents = useQuery({
    queryKey: ['workflow-instance', instanceId, 'incidents'],
    queryFn: () => call(api.GET('/api/workflows/instances/{id}/incidents', { params: { path: { id: instanceId } } })),
  });
  const definitionId = instance.data?.definitionId ?? '';
  const version = instance.data?.definitionVersion ?? 0;
  const pinned = !!instance.data;
  const doc = useQuery({
    queryKey: ['workflow-version', definitionId, version], enabled: pinned, staleTime: Infinity,
    queryFn: async () => (await designerApi.version(definitionId, version)).doc,
  });
  // Counted on the instance's own version: other versions may use the same ids for other activities.
  const counts = useQuery({
    queryKey: ['workflow-instance', instanceId, 'activity-counts', definitionId, version], enabled: pinned,
    queryFn: () => designerApi.activityCounts(definitionId, version),
  });
  const descriptors = useQuery(descriptorsQuery);
  const byType = useMemo(() => new Map((descriptors.data ?? []).map((d) => [d.typeName, d])), [descriptors.data]);

  const names = useMemo(() => {
    const map = new Map<string, string>();
    if (doc.data) for (const a of activitiesOf(doc.data)) map.set(a.id, activityLabel(a, byType.get(a.type), i18n.language));
    return map;
  }, [doc.data, byType, i18n.language]);
  const nameOf = (id: string) => names.get(id) ?? id;

  const container = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<DesignerCanvas | null>(null);
  const [edges, setEdges] = useState<DesignEdge[] | null>(null);

  // One read-only canvas per loaded version; the trail is drawn on it by the next effect.
  useEffect(() => {
    const element = container.current;
    if (!element || !doc.data || !descriptors.data) return;
    const canvas = new DesignerCanvas(element, { readOnly: true, language: i18n.language, descriptors: byType });
    canvasRef.current = canvas;
    const graph = documentToGraph(doc.data);
    canvas.load(graph);
    if (needsLayout(doc.data)) canvas.autoLayout(false);
    canvas.openView();
    setEdges(graph.edges);
    return () => {
      canvasRef.current = null;
      setEdges(null);
      canvas.dispose();
    };
    // The language follows through setLanguage below, without rebuilding the canvas.
  }, [doc.data, descriptors.data, byType]);

  useEffect(() => { canvasRef.current?.setLanguage(i18n.language); }, [i18n.language]);

  const trail = useMemo(
    () => (edges && instance.data && journal.data && incidents.data
      ? instanceTrail(journal.data, instance.data.waiting, incidents.data, edges)
      : null),
    [edges, instance.data, journal.data, incidents.data],
  );
  // On a flow wider than the view at a legible scale, opening shows the top of the flow; where the instance stands
  // (waiting or faulted) matters more, so it is brought into view once per canvas, and later refreshes leave the view alone.
  const revealed = useRef<DesignerCanvas | null>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !trail) return;
    showTrail(canvas, trail, countBadges(counts.data ?? []));
    if (revealed.current !== canvas) {
      revealed.current = canvas;
      canvas.reveal([...trail.faulted.keys(), ...trail.waiting]);
    }
  }, [trail, counts.data]);

  const [retryResult, setRetryResult] = useState<{ type: 'success' | 'warning' | 'error'; text: string } | null>(null);
  const retry = useMutation({
    mutationFn: (incident: Incident) => call(api.POST('/api/workflows/instances/{id}/incidents/{incidentId}/retry', {
      params: { path: { id: instanceId, incidentId: incident.id } },
    })),
    onSuccess: async (after: Instance) => {
      // Reading the new incidents tells a repeat fault apart from a fix: the retry resolves the old one either way.
      await queryClient.invalidateQueries({ queryKey: ['workflow-instance', instanceId] });
      const fresh = queryClient.getQueryData<Incident[]>(['workflow-instance', instanceId, 'incidents']) ?? [];
      const again = fresh.filter((i) => !i.resolvedAt).at(-1);
      setRetryResult(after.status === 'Faulted' && again
        ? { type: 'warning', text: t('designer.instance.retriedFaultedAgain', { message: again.message }) }
        : { type: 'success', text: t('designer.instance.retried', { status: statusText(after.status) }) });
    },
    onError: (e) => setRetryResult({ type: 'error', text: problemText(e, t('common.failed')) }),
  });

  function statusText(status: string) {
    return t(`designer.instance.status.${status}`, { defaultValue: status });
  }

  function locate(activityId: string) {
    canvasRef.current?.focus(activityId);
  }

  if (instance.error) return <QueryError error={instance.error} />;
  const data = instance.data;
  const openIncidents = (incidents.data ?? []).filter((i) => !i.resolvedAt).length;

  // Narrow enough for the side panel at 1366 px: the message rides under the activity instead of in its own column.
  const journalColumns: ColumnsType<JournalEntry> = [
    { title: t('designer.instance.sequence'), dataIndex: 'sequence', width: 48 },
    {
      title: t('designer.instance.at'), dataIndex: 'startedAt', width: 92,
      render: (v: string) => <span title={formatTime(v)}>{dayjs(v).format('MM-DD HH:mm')}</span>,
    },
    {
      title: t('designer.instance.activity'), dataIndex: 'activityId',
      render: (id: string, entry) => (
        <>
          <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
            onClick={() => locate(id)} title={t('designer.instance.locate')}>{nameOf(id)}</Button>
          {entry.message && <div><Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-word' }}>{entry.message}</Typography.Text></div>}
        </>
      ),
    },
    {
      title: t('designer.instance.event'), dataIndex: 'event', width: 72,
      render: (e: string) => <Tag color={eventColours[e]}>{t(`designer.instance.events.${e}`, { defaultValue: e })}</Tag>,
    },
    {
      title: t('designer.instance.outcome'), dataIndex: 'outcome', width: 80, ellipsis: true,
      render: (v: string | null, entry: JournalEntry) => {
        if (!v) return '';
        const activity = doc.data ? activitiesOf(doc.data).find((a) => a.id === entry.activityId) : undefined;
        return outcomeLabel(activity, activity && byType.get(activity.type), v, i18n.language);
      },
    },
    { title: t('designer.instance.actor'), dataIndex: 'actor', width: 76, ellipsis: true, render: (v: string | null) => v ?? '' },
  ];

  const waitingList = (
    <div data-testid="instance-waiting">
      <Typography.Text type="secondary">{t('designer.instance.waiting')}：</Typography.Text>
      {data && data.waiting.length === 0 && <Typography.Text>{t('designer.instance.notWaiting')}</Typography.Text>}
      {data?.waiting.map((w) => (
        <Button key={w.bookmarkId} size="small" icon={<AimOutlined />} style={{ marginInlineStart: 4 }} onClick={() => locate(w.activityId)}
          title={t('designer.instance.locate')}>
          {nameOf(w.activityId)}（{t(`designer.instance.waitKinds.${w.kind}`, { defaultValue: w.kind })}）
        </Button>
      ))}
    </div>
  );

  const incidentList = (
    <div data-testid="instance-incidents">
      {retryResult && (
        <Alert type={retryResult.type} showIcon closable={{ onClose: () => setRetryResult(null) }} title={retryResult.text}
          style={{ marginBottom: 8 }} data-testid="retry-result" />
      )}
      {!mayRetry && openIncidents > 0 && <Alert type="info" title={t('designer.instance.retryOnlyAdmins')} style={{ marginBottom: 8 }} />}
      <List<Incident> size="small" loading={incidents.isPending} dataSource={[...(incidents.data ?? [])].reverse()}
        locale={{ emptyText: t('designer.instance.noIncidents') }}
        renderItem={(incident) => (
          <List.Item data-testid="incident" actions={!incident.resolvedAt && mayRetry ? [
            <Button key="retry" size="small" type="primary" icon={<RedoOutlined />} loading={retry.isPending && retry.variables?.id === incident.id}
              disabled={retry.isPending} onClick={() => retry.mutate(incident)}>{t('designer.instance.retry')}</Button>,
          ] : []}>
            <List.Item.Meta
              title={(
                <Space size={4} wrap>
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => locate(incident.activityId)}>{nameOf(incident.activityId)}</Button>
                  {incident.resolvedAt
                    ? <Tag color="green">{t('designer.instance.incidentResolved', { at: formatTime(incident.resolvedAt), by: incident.resolvedBy ?? '—' })}</Tag>
                    : <Tag color="red">{t('designer.instance.incidentOpen')}</Tag>}
                  <Typography.Text type="secondary">{formatTime(incident.createdAt)}</Typography.Text>
                </Space>
              )}
              description={<Typography.Text style={{ wordBreak: 'break-word' }}>{incident.message}</Typography.Text>}
            />
          </List.Item>
        )}
      />
    </div>
  );

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 80px)', minHeight: 520 }} data-testid="instance-view">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8, flexWrap: 'wrap' }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>{t('designer.instance.back')}</Button>
        <Typography.Text strong>{t('designer.instance.title')}</Typography.Text>
        {!data ? <Spin size="small" /> : (
          <>
            <Tag color={statusColours[data.status]} data-testid="instance-status">{statusText(data.status)}</Tag>
            <Link to={`/designer/${encodeURIComponent(data.definitionId)}?version=${data.definitionVersion}`}>
              {String(doc.data?.name ?? data.definitionId)} · {t('designer.instance.version', { v: data.definitionVersion })}
            </Link>
            <Typography.Text type="secondary">{t('designer.instance.case')}：</Typography.Text>
            {data.case
              ? <Link to={`/cases/${data.case.trackingNumber}`} data-testid="instance-case">{data.case.trackingNumber}</Link>
              : <Typography.Text type="secondary">{t('designer.instance.noCase')}</Typography.Text>}
            <Typography.Text type="secondary">
              {t('designer.instance.createdAt')} {formatTime(data.createdAt)} · {data.finishedAt
                ? `${t('designer.instance.finishedAt')} ${formatTime(data.finishedAt)}`
                : `${t('designer.instance.updatedAt')} ${formatTime(data.updatedAt)}`}
            </Typography.Text>
          </>
        )}
      </div>
      {waitingList}
      <div style={{ display: 'flex', flex: 1, minHeight: 0, gap: 12, marginTop: 8 }}>
        <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          {doc.error ? <QueryError error={doc.error} /> : (
            <div ref={container} style={{ flex: 1, minHeight: 0, border: '1px solid #f0f0f0', borderRadius: 6, overflow: 'hidden' }}
              data-testid="instance-canvas" aria-label={t('cases.workflowDiagram')} tabIndex={0} />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginTop: 4 }}>{t('designer.instance.legend')}</Typography.Text>
        </div>
        <div style={{ width: 480, flexShrink: 0, overflow: 'auto' }}>
          <Tabs size="small" defaultActiveKey={data && data.openIncidents > 0 ? 'incidents' : 'journal'} key={data ? 'loaded' : 'loading'} items={[
            {
              key: 'journal', label: t('designer.instance.journal'),
              children: journal.error ? <QueryError error={journal.error} /> : (
                <Table<JournalEntry> size="small" rowKey="sequence" pagination={false} loading={journal.isPending} data-testid="instance-journal"
                  dataSource={journal.data ?? []} columns={journalColumns} tableLayout="fixed"
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.instance.noJournal')} /> }} />
              ),
            },
            {
              key: 'incidents',
              label: openIncidents > 0 ? `${t('designer.instance.incidents')} (${openIncidents})` : t('designer.instance.incidents'),
              children: incidentList,
            },
          ]} />
        </div>
      </div>
    </div>
  );
}

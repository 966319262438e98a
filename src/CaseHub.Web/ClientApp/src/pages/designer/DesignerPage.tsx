import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Badge, Button, Divider, Empty, List, Popconfirm, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import {
  AimOutlined, ApartmentOutlined, ArrowLeftOutlined, BarChartOutlined, CopyOutlined, DeleteOutlined, ExperimentOutlined,
  HistoryOutlined, RedoOutlined, SaveOutlined, SnippetsOutlined, UndoOutlined, ZoomInOutlined, ZoomOutOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { problemText } from '../../api/problem';
import { useAuth } from '../../auth/AuthProvider';
import { mayEditWorkflows } from '../../auth/access';
import { descriptorsQuery, designerApi, isConflict, openQuery, type ValidationIssue } from '../../designer/api';
import { DesignerCanvas } from '../../designer/canvas';
import { documentToGraph, graphToDocument, needsLayout, outcomeLabel, type ActivityJson, type WorkflowJson } from '../../designer/document';
import { QueryError } from '../ErrorPages';
import { Palette, paletteMime } from './Palette';
import { PropertyPanel } from './PropertyPanel';
import { VersionHistory } from './VersionHistory';
import { DryRunPanel } from './DryRunPanel';

type SaveState = 'saved' | 'dirty' | 'saving' | 'error' | 'conflict';
const saveDelay = 1200;
const validateDelay = 500;

/**
 * The designer: palette, X6 canvas and property panel. Workflow admins edit the draft (saved as they go, validated
 * live, published when clean); everyone else, and anyone looking at an older version, sees it read-only.
 */
export default function DesignerPage() {
  const { definitionId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('version')) || null;
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { me } = useAuth();
  const admin = mayEditWorkflows(me?.roles);

  const descriptors = useQuery(descriptorsQuery);
  const open = useQuery({ ...openQuery(definitionId, asked), refetchOnWindowFocus: false, gcTime: 0 });
  const byType = useMemo(() => new Map((descriptors.data ?? []).map((d) => [d.typeName, d])), [descriptors.data]);
  const editable = admin && !!open.data && !open.data.pinned;

  const container = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<DesignerCanvas | null>(null);
  const baseRef = useRef<WorkflowJson | null>(null);
  const etagRef = useRef<string | null>(null);
  const timers = useRef<{ save?: number; validate?: number }>({});
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const saveStateRef = useRef<SaveState>('saved');
  const [selected, setSelected] = useState<string[]>([]);
  const [revision, setRevision] = useState(0);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [tab, setTab] = useState('properties');
  const [historyOpen, setHistoryOpen] = useState(false);
  const [dryRunOpen, setDryRunOpen] = useState(false);
  const [showCounts, setShowCounts] = useState(false);
  const [publishing, setPublishing] = useState(false);
  // The first save of an edit to a published version creates the draft; the header follows without a reload.
  const [createdDraft, setCreatedDraft] = useState<number | null>(null);

  const changeSaveState = (state: SaveState) => { saveStateRef.current = state; setSaveState(state); };
  const currentDoc = useCallback((): WorkflowJson | null => {
    const canvas = canvasRef.current;
    return canvas && baseRef.current ? graphToDocument(baseRef.current, canvas.read()) : null;
  }, []);

  const validate = useCallback(async () => {
    const doc = currentDoc();
    if (!doc) return;
    try {
      const result = await designerApi.validate(definitionId, doc);
      // No issues before and none now keeps the same list, sparing a re-render of the whole page (it came before the
      // first paint of a large flow).
      setIssues((before) => (before.length === 0 && result.issues.length === 0 ? before : result.issues));
      const counts = new Map<string, number>();
      for (const issue of result.issues) if (issue.activityId && issue.severity === 'Error') counts.set(issue.activityId, (counts.get(issue.activityId) ?? 0) + 1);
      canvasRef.current?.setIssues(counts);
    } catch (e) {
      // A definition the server cannot even parse is one error for the whole workflow.
      setIssues([{ severity: 'Error', activityId: null, field: null, message: problemText(e, t('common.failed')) }]);
    }
  }, [currentDoc, definitionId, t]);

  const save = useCallback(async () => {
    window.clearTimeout(timers.current.save);
    const doc = currentDoc();
    if (!doc || saveStateRef.current === 'conflict' || saveStateRef.current === 'saving' || saveStateRef.current === 'saved') return;
    changeSaveState('saving');
    try {
      const { etag, summary } = await designerApi.saveDraft(definitionId, doc, etagRef.current);
      etagRef.current = etag;
      setCreatedDraft(summary.version);
      baseRef.current = doc;
      // An edit made while saving leaves the page dirty; its own timer saves it.
      const latest = currentDoc();
      changeSaveState(latest && JSON.stringify(latest) !== JSON.stringify(doc) ? 'dirty' : 'saved');
      if (saveStateRef.current === 'dirty') timers.current.save = window.setTimeout(() => void save(), saveDelay);
    } catch (e) {
      if (isConflict(e)) changeSaveState('conflict');
      else {
        changeSaveState('error');
        void message.error(problemText(e, t('designer.save.error')));
      }
    }
  }, [currentDoc, definitionId, message, t]);

  const onChange = useCallback(() => {
    setRevision((r) => r + 1);
    window.clearTimeout(timers.current.validate);
    timers.current.validate = window.setTimeout(() => void validate(), validateDelay);
    if (!editable || saveStateRef.current === 'conflict') return;
    if (saveStateRef.current !== 'saving') changeSaveState('dirty');
    window.clearTimeout(timers.current.save);
    timers.current.save = window.setTimeout(() => void save(), saveDelay);
  }, [editable, save, validate]);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // One canvas per loaded document and mode; nodes are X6's own SVG, not React.
  useEffect(() => {
    const element = container.current;
    if (!element || !open.data || !descriptors.data) return;
    baseRef.current = open.data.doc;
    etagRef.current = open.data.etag;
    changeSaveState('saved');
    setCreatedDraft(null);
    const canvas = new DesignerCanvas(element, {
      readOnly: !editable, language: i18n.language, descriptors: byType,
      onSelect: setSelected, onChange: () => onChangeRef.current(),
    });
    canvasRef.current = canvas;
    performance.mark('designer:load:start');
    canvas.load(documentToGraph(open.data.doc));
    performance.measure('designer:load', 'designer:load:start');
    // A definition without positions is laid out for display; the layout is saved only with a real edit.
    if (needsLayout(open.data.doc)) {
      canvas.autoLayout(false);
      canvas.clearHistory();
    }
    canvas.openView();
    setSelected((before) => (before.length === 0 ? before : []));
    void validate();
    const pending = timers.current;
    return () => {
      window.clearTimeout(pending.save);
      window.clearTimeout(pending.validate);
      // Leaving the page (or reloading the document) must not drop an edit still waiting for its save.
      if (editable && saveStateRef.current === 'dirty' && baseRef.current) {
        void designerApi.saveDraft(definitionId, graphToDocument(baseRef.current, canvas.read()), etagRef.current).catch(() => undefined);
      }
      canvas.dispose();
      canvasRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt only when the document, descriptors or mode change
  }, [open.data, descriptors.data, editable]);

  useEffect(() => canvasRef.current?.setLanguage(i18n.language), [i18n.language]);

  // Ctrl+S anywhere on the page saves now; leaving with unsaved changes asks first.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (editable) void save();
      }
    };
    const onLeave = (e: BeforeUnloadEvent) => { if (saveStateRef.current === 'dirty' || saveStateRef.current === 'saving') e.preventDefault(); };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onLeave);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener('beforeunload', onLeave); };
  }, [editable, save]);

  const counts = useQuery({
    queryKey: ['workflow-activity-counts', definitionId, open.data?.version],
    queryFn: () => designerApi.activityCounts(definitionId, open.data?.isDraft ? undefined : open.data?.version),
    enabled: showCounts && !!open.data, retry: false,
  });
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    canvas.setCounts(new Map(showCounts ? (counts.data ?? []).map((c) => [c.activityId, c]) : []));
  }, [counts.data, showCounts]);

  const errors = issues.filter((i) => i.severity === 'Error');
  const hasDraft = !!open.data?.isDraft || createdDraft !== null;

  async function publish() {
    while (saveStateRef.current === 'saving') await new Promise((resolve) => window.setTimeout(resolve, 100));
    await save();
    if (saveStateRef.current !== 'saved') return;
    setPublishing(true);
    try {
      const version = await designerApi.publish(definitionId, etagRef.current);
      void message.success(t('designer.publishedOk', { v: version.version }));
      await open.refetch();
    } catch (e) {
      if (isConflict(e)) changeSaveState('conflict');
      void message.error(problemText(e, t('common.failed')));
    } finally {
      setPublishing(false);
    }
  }

  function addActivity(typeName: string, at?: { clientX: number; clientY: number }) {
    const descriptor = byType.get(typeName);
    if (descriptor && canvasRef.current) canvasRef.current.add(descriptor, at);
  }

  function updateActivity(activity: ActivityJson) {
    canvasRef.current?.setActivity(activity.id, activity);
  }

  if (open.error) return <QueryError error={open.error} />;
  if (descriptors.error) return <QueryError error={descriptors.error} />;
  const loading = !open.data || !descriptors.data;
  const canvas = canvasRef.current;
  const one = selected.length === 1 ? canvas?.activity(selected[0]) ?? null : null;
  const nameOf = (id: string | null) => {
    if (!id) return t('designer.workflowLevel');
    const activity = canvas?.activity(id);
    return activity && typeof activity.name === 'string' && activity.name ? `${activity.name} (${id})` : id;
  };
  const outcomeName = (id: string, outcome: string) => {
    const activity = canvas?.activity(id) ?? undefined;
    return outcomeLabel(activity, activity && byType.get(activity.type), outcome, i18n.language);
  };
  const saveTag = {
    saved: <Tag color="green">{t('designer.save.saved')}</Tag>,
    dirty: <Tag color="orange">{t('designer.save.dirty')}</Tag>,
    saving: <Tag color="blue">{t('designer.save.saving')}</Tag>,
    error: <Tag color="red">{t('designer.save.error')}</Tag>,
    conflict: <Tag color="red">{t('designer.save.conflict')}</Tag>,
  }[saveState];
  void revision; // re-render the panel and the buttons after every change on the canvas

  const tool = (title: string, icon: React.ReactNode, onClick: () => void, disabled = false) => (
    <Tooltip title={title}><Button size="small" icon={icon} onClick={onClick} disabled={disabled} aria-label={title} /></Tooltip>
  );

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 80px)', minHeight: 520 }} data-testid="designer">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8, flexWrap: 'wrap' }}>
        <Button size="small" type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/designer')} aria-label={t('common.back')} />
        <Typography.Text strong style={{ maxWidth: 260 }} ellipsis>{open.data ? String(open.data.doc.name ?? definitionId) : definitionId}</Typography.Text>
        {open.data && (createdDraft !== null || open.data.isDraft
          ? <Tag color="orange" data-testid="version-tag">v{createdDraft ?? open.data.version} {t('designer.status.Draft')}</Tag>
          : <Tag color="green" data-testid="version-tag">v{open.data.version} {t('designer.status.Published')}</Tag>)}
        {editable && saveTag}
        <Divider orientation="vertical" />
        {editable && <>
          {tool(t('designer.toolbar.undo'), <UndoOutlined />, () => canvas?.undo(), !canvas?.canUndo())}
          {tool(t('designer.toolbar.redo'), <RedoOutlined />, () => canvas?.redo(), !canvas?.canRedo())}
          {tool(t('designer.toolbar.copy'), <CopyOutlined />, () => canvas?.copy(), selected.length === 0)}
          {tool(t('designer.toolbar.paste'), <SnippetsOutlined />, () => canvas?.paste())}
          {tool(t('designer.toolbar.delete'), <DeleteOutlined />, () => canvas?.removeSelected(), selected.length === 0)}
        </>}
        {tool(t('designer.toolbar.zoomIn'), <ZoomInOutlined />, () => canvas?.zoom(0.2))}
        {tool(t('designer.toolbar.zoomOut'), <ZoomOutOutlined />, () => canvas?.zoom(-0.2))}
        {tool(t('designer.toolbar.fit'), <AimOutlined />, () => canvas?.fit())}
        {editable && tool(t('designer.toolbar.layout'), <ApartmentOutlined />, () => canvas?.autoLayout())}
        <div style={{ flex: 1 }} />
        <Button size="small" icon={<BarChartOutlined />} type={showCounts ? 'primary' : 'default'} onClick={() => setShowCounts((v) => !v)}>
          {t('designer.toolbar.counts')}
        </Button>
        <Button size="small" icon={<ExperimentOutlined />} onClick={() => setDryRunOpen(true)}>{t('designer.toolbar.dryRun')}</Button>
        <Button size="small" icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)}>{t('designer.toolbar.history')}</Button>
        {editable && <Button size="small" icon={<SaveOutlined />} onClick={() => void save()} disabled={saveState === 'saved' || saveState === 'conflict'}>{t('designer.toolbar.save')}</Button>}
        {editable && (
          <Tooltip title={errors.length > 0 ? t('designer.publishBlocked', { count: errors.length }) : undefined}>
            <Popconfirm title={t('designer.publishConfirm')} onConfirm={() => void publish()} disabled={!hasDraft || errors.length > 0}>
              <Button size="small" type="primary" disabled={!hasDraft || errors.length > 0 || saveState === 'conflict'} loading={publishing} data-testid="publish">
                {t('designer.toolbar.publish')}
              </Button>
            </Popconfirm>
          </Tooltip>
        )}
        {open.data?.pinned && admin && <Button size="small" onClick={() => setParams({})}>{t('designer.save.editDraft')}</Button>}
      </div>
      {!admin && <Alert type="info" showIcon banner title={t('designer.readOnly')} style={{ marginBottom: 8 }} />}
      {open.data?.pinned && <Alert type="info" showIcon banner title={t('designer.save.viewing', { v: open.data.version })} style={{ marginBottom: 8 }} />}
      {saveState === 'conflict' && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={t('designer.save.conflict')} description={t('designer.save.conflictText')}
          action={<Button size="small" danger onClick={() => void open.refetch()}>{t('designer.save.reload')}</Button>} />
      )}
      {showCounts && counts.error && <Alert type="warning" showIcon banner title={t('designer.counts.unavailable')} style={{ marginBottom: 8 }} />}
      <div style={{ display: 'flex', flex: 1, minHeight: 0, gap: 8 }}>
        {editable && descriptors.data && (
          <div style={{ width: 180, flex: 'none' }}>
            <Palette descriptors={descriptors.data} onAdd={(type) => addActivity(type)} />
          </div>
        )}
        <div style={{ flex: 1, minWidth: 0, position: 'relative', border: '1px solid #f0f0f0', borderRadius: 6, overflow: 'hidden' }}>
          {loading && <div style={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center', zIndex: 1 }}><Spin /></div>}
          <div ref={container} tabIndex={0} data-testid="designer-canvas" className="designer-canvas" role="application"
            aria-label={t('designer.canvasLabel')} style={{ width: '100%', height: '100%' }}
            onMouseDown={() => container.current?.focus()}
            onDragOver={(e) => { if (editable && e.dataTransfer.types.includes(paletteMime)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } }}
            onDrop={(e) => {
              const type = e.dataTransfer.getData(paletteMime);
              if (!editable || !type) return;
              e.preventDefault();
              addActivity(type, { clientX: e.clientX, clientY: e.clientY });
              container.current?.focus();
            }} />
        </div>
        <div style={{ width: 320, flex: 'none', overflow: 'auto', borderLeft: '1px solid #f0f0f0', paddingLeft: 8 }}>
          <Tabs size="small" activeKey={tab} onChange={setTab} items={[
            {
              key: 'properties', label: t('designer.properties'),
              children: one ? (
                <PropertyPanel key={one.id} activity={one} descriptor={byType.get(one.type)} editable={editable} onChange={updateActivity} />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={selected.length > 1 ? t('designer.multiSelected', { count: selected.length }) : t('designer.noSelection')} />
              ),
            },
            {
              key: 'issues',
              label: <span data-testid="issues-tab">{t('designer.issues')} <Badge count={errors.length} size="small" /></span>,
              children: (
                <IssueList issues={issues} nameOf={nameOf} onPick={(id) => { canvas?.focus(id); setTab('properties'); }} />
              ),
            },
            ...(showCounts ? [{
              key: 'counts', label: t('designer.counts.title'),
              children: <CountList rows={counts.data ?? []} nameOf={nameOf} onPick={(id) => canvas?.focus(id)} />,
            }] : []),
          ]} />
        </div>
      </div>
      {historyOpen && open.data && descriptors.data && (
        <VersionHistory definitionId={definitionId} descriptors={byType} editable={admin} currentDraft={open.data.isDraft ? open.data.version : null}
          onClose={() => setHistoryOpen(false)}
          onView={(v) => { setHistoryOpen(false); setParams(v === null ? {} : { version: String(v) }); }}
          onReverted={() => { setHistoryOpen(false); setParams({}); void open.refetch(); }} />
      )}
      {dryRunOpen && (
        <DryRunPanel definitionId={definitionId} currentDoc={currentDoc} nameOf={nameOf} outcomeLabel={outcomeName}
          onPath={(ids) => canvasRef.current?.setHighlighted(ids)} onClose={() => { setDryRunOpen(false); canvasRef.current?.setHighlighted(new Set()); }} />
      )}
    </div>
  );
}

function IssueList({ issues, nameOf, onPick }: { issues: ValidationIssue[]; nameOf: (id: string | null) => string; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  if (issues.length === 0) return <Alert type="success" showIcon title={t('designer.noIssues')} />;
  return (
    <List size="small" dataSource={issues} data-testid="issue-list" renderItem={(issue) => (
      <List.Item style={{ cursor: issue.activityId ? 'pointer' : undefined, padding: '6px 0' }}
        onClick={() => issue.activityId && onPick(issue.activityId)}>
        <div>
          <Tag color={issue.severity === 'Error' ? 'red' : 'gold'}>{t(`designer.severity.${issue.severity}`, { defaultValue: issue.severity })}</Tag>
          <Typography.Link disabled={!issue.activityId}>{nameOf(issue.activityId)}</Typography.Link>
          {issue.field && <Typography.Text code>{issue.field}</Typography.Text>}
          <div style={{ fontSize: 12 }}>{issue.message}</div>
        </div>
      </List.Item>
    )} />
  );
}

function CountList({ rows, nameOf, onPick }: {
  rows: { activityId: string; waiting: number; faulted: number }[]; nameOf: (id: string | null) => string; onPick: (id: string) => void;
}) {
  const { t } = useTranslation();
  const shown = rows.filter((r) => r.waiting > 0 || r.faulted > 0);
  if (shown.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.counts.none')} />;
  return (
    <List size="small" dataSource={shown} renderItem={(r) => (
      <List.Item style={{ cursor: 'pointer' }} onClick={() => onPick(r.activityId)}>
        <Typography.Link>{nameOf(r.activityId)}</Typography.Link>
        <Space size={4}>
          {r.waiting > 0 && <Tag color="orange">{t('designer.counts.waiting')} {r.waiting}</Tag>}
          {r.faulted > 0 && <Tag color="red">{t('designer.counts.faulted')} {r.faulted}</Tag>}
        </Space>
      </List.Item>
    )} />
  );
}


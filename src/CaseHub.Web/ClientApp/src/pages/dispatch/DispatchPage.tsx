import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App, Badge, Button, Card, Form, Input, Modal, Space, Tabs, Tooltip, Typography, type InputRef } from 'antd';
import { PlusOutlined, QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { CaseSummary, QueueName } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { CaseActionModal } from '../../components/CaseActionModal';
import { showProblem } from '../../lib/feedback';
import { formatWaiting } from '../../lib/time';
import { QueueTable } from './QueueTable';
import { DispatchDrawer } from './DispatchDrawer';
import { IntakeModal } from './IntakeModal';
import { ShortcutHelp } from '../../components/ShortcutHelp';
import { useKeyboardShortcuts } from '../../lib/keys';
import { QueryError } from '../ErrorPages';
import { useLiveCases } from '../../live/useLiveCases';

const queues: QueueName[] = ['new', 'unmatched', 'returned', 'duplicates', 'escalated'];
const pageSize = 50;

const shortcuts = [
  { keys: ['j', 'k'], help: 'dispatch.help.jk' },
  { keys: ['c'], help: 'dispatch.help.c' },
  { keys: ['d'], help: 'dispatch.help.d' },
  { keys: ['o'], help: 'dispatch.help.o' },
  { keys: ['m'], help: 'dispatch.help.m' },
  { keys: ['e'], help: 'dispatch.help.e' },
  { keys: ['/'], help: 'dispatch.help.slash' },
  { keys: ['n'], help: 'dispatch.help.n' },
  { keys: ['?'], help: 'dispatch.help.question' },
] as const;

export default function DispatchPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useLiveCases(['dispatch']);
  const [queue, setQueue] = useState<QueueName>('new');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState(0);
  const [dispatching, setDispatching] = useState<CaseSummary | null>(null);
  const [merging, setMerging] = useState<CaseSummary | null>(null);
  const [escalating, setEscalating] = useState<CaseSummary | null>(null);
  const [intake, setIntake] = useState(false);
  const [help, setHelp] = useState(false);
  const searchBox = useRef<InputRef>(null);

  const counts = useQuery({
    queryKey: ['dispatch', 'queues'], refetchInterval: 30_000,
    queryFn: () => call(api.GET('/api/cases/queues')),
  });
  const list = useQuery({
    queryKey: ['dispatch', 'list', queue, search, page], refetchInterval: 30_000,
    queryFn: () => call(api.GET('/api/cases', { params: { query: { queue, q: search || undefined, page, pageSize } } })),
  });
  const rows = useMemo(() => list.data?.items ?? [], [list.data]);
  const current = rows[Math.min(selected, rows.length - 1)] ?? null;
  useEffect(() => setSelected(0), [queue, search, page]);

  const claim = useCallback(async (row: CaseSummary | null) => {
    if (!row?.taskId) {
      void message.warning(t('dispatch.noTask'));
      return;
    }
    try {
      await call(api.POST('/api/tasks/{id}/claim', { params: { path: { id: row.taskId } } }));
      void message.success(t('dispatch.claimed'));
    } catch (error) {
      // 409: the server's detail names who claimed it first.
      showProblem(error, message, t);
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['dispatch'] });
    }
  }, [message, t, queryClient]);

  const anyDialog = !!dispatching || !!merging || !!escalating || intake || help;
  useKeyboardShortcuts(!anyDialog, {
    j: () => setSelected((i) => Math.min(i + 1, Math.max(rows.length - 1, 0))),
    ArrowDown: () => setSelected((i) => Math.min(i + 1, Math.max(rows.length - 1, 0))),
    k: () => setSelected((i) => Math.max(i - 1, 0)),
    ArrowUp: () => setSelected((i) => Math.max(i - 1, 0)),
    c: () => void claim(current),
    d: () => current && setDispatching(current),
    Enter: () => current && setDispatching(current),
    o: () => current && void navigate(`/cases/${current.trackingNumber}`),
    m: () => current && setMerging(current),
    e: () => current && setEscalating(current),
    n: () => setIntake(true),
    '/': () => searchBox.current?.focus(),
    '?': () => setHelp(true),
  });

  const countOf = (q: QueueName) => counts.data?.find((c) => c.queue === q);

  return (
    <Card size="small" title={t('dispatch.title')}
      extra={
        <Space>
          <Input.Search ref={searchBox} allowClear placeholder={t('dispatch.searchPlaceholder')} style={{ width: 260 }}
            onSearch={(value) => { setSearch(value.trim()); setPage(1); }} aria-label={t('dispatch.searchPlaceholder')} />
          <Tooltip title="n"><Button type="primary" icon={<PlusOutlined />} onClick={() => setIntake(true)}>{t('dispatch.intake')}</Button></Tooltip>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void queryClient.invalidateQueries({ queryKey: ['dispatch'] })} />
          </Tooltip>
          <Tooltip title="?"><Button icon={<QuestionCircleOutlined />} onClick={() => setHelp(true)}>{t('dispatch.shortcuts')}</Button></Tooltip>
        </Space>
      }>
      <Tabs activeKey={queue} onChange={(key) => { setQueue(key as QueueName); setPage(1); }}
        items={queues.map((q) => {
          const count = countOf(q);
          return {
            key: q,
            label: (
              <Space size={4}>
                {t(`dispatch.queues.${q}`)}
                <Badge count={count?.count ?? 0} showZero overflowCount={999} color={q === 'escalated' ? '#cf1322' : '#1f5fbf'} />
                {count?.oldestWaitingSince && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('dispatch.oldest', { span: formatWaiting(count.oldestWaitingSince, t) })}</Typography.Text>
                )}
              </Space>
            ),
          };
        })} />
      <Space style={{ marginBottom: 8 }} wrap>
        <Button size="small" disabled={!current} onClick={() => void claim(current)}>{t('dispatch.claim')} <kbd className="kbd">c</kbd></Button>
        <Button size="small" type="primary" disabled={!current} onClick={() => current && setDispatching(current)}>{t('dispatch.dispatch')} <kbd className="kbd">d</kbd></Button>
        <Button size="small" disabled={!current} onClick={() => current && setMerging(current)}>{t('dispatch.merge')} <kbd className="kbd">m</kbd></Button>
        <Button size="small" danger disabled={!current} onClick={() => current && setEscalating(current)}>{t('dispatch.escalate')} <kbd className="kbd">e</kbd></Button>
      </Space>
      {list.error ? (
        <QueryError error={list.error} />
      ) : (
        <QueueTable rows={rows} loading={list.isPending} selected={selected} onSelect={setSelected} me={me?.userName}
          total={list.data?.total} page={page} pageSize={pageSize} onPage={setPage} />
      )}
      <DispatchDrawer row={dispatching} onClose={() => setDispatching(null)} />
      <MergeModal row={merging} onClose={() => setMerging(null)} />
      {escalating && <CaseActionModal action="escalate" caseId={escalating.id} onClose={() => setEscalating(null)} />}
      <IntakeModal open={intake} onClose={() => setIntake(false)} onCreated={() => setQueue('new')} />
      <ShortcutHelp open={help} onClose={() => setHelp(false)} shortcuts={shortcuts} />
    </Card>
  );
}

function MergeModal({ row, onClose }: { row: CaseSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ parent: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (row) form.setFieldsValue({ parent: row.probableDuplicateOf ?? '' });
  }, [row, form]);
  const submit = async ({ parent }: { parent: string }) => {
    if (!row) return;
    setBusy(true);
    try {
      await call(api.POST('/api/cases/{id}/merge', { params: { path: { id: row.id } }, body: { parent: parent.trim() } }));
      void message.success(t('dispatch.merged'));
      await queryClient.invalidateQueries({ queryKey: ['dispatch'] });
      onClose();
    } catch (error) {
      showProblem(error, message, t, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!row} title={`${t('dispatch.mergeTitle')}：${row?.trackingNumber ?? ''}`} onCancel={onClose}
      onOk={() => form.submit()} confirmLoading={busy} okText={t('dispatch.merge')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="parent" label={t('dispatch.mergeParent')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Badge, Button, Card, Col, Form, Input, List, Modal, Row, Select, Space, Table, Tag, Tooltip, Typography, type InputRef } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { AttachmentMeta, CaseSummary } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { AttachmentFields } from '../components/AttachmentFields';
import { CardTag } from '../components/CardTag';
import { CaseActionModal, type CaseAction } from '../components/CaseActionModal';
import { ShortcutHelp } from '../components/ShortcutHelp';
import { submitOnCtrlEnter, useKeyboardShortcuts } from '../lib/keys';
import { showProblem } from '../lib/feedback';
import { formatTime } from '../lib/format';
import { claimIfNeeded, completeTask } from '../lib/tasks';
import { formatRemaining } from '../lib/time';
import { QueryError } from './ErrorPages';
import { useLiveCases } from '../live/useLiveCases';

type Finish = { row: CaseSummary; outcome: 'Completed' | 'Returned' };

const shortcuts = [
  { keys: ['j', 'k'], help: 'inbox.help.jk' },
  { keys: ['a'], help: 'inbox.help.a' },
  { keys: ['f'], help: 'inbox.help.f' },
  { keys: ['r'], help: 'inbox.help.r' },
  { keys: ['x'], help: 'inbox.help.x' },
  { keys: ['s'], help: 'inbox.help.s' },
  { keys: ['o'], help: 'inbox.help.o' },
  { keys: ['/'], help: 'dispatch.help.slash' },
  { keys: ['?'], help: 'dispatch.help.question' },
] as const;

/** Soonest due first; cases without a due time last. */
export function byDueTime(a: CaseSummary, b: CaseSummary): number {
  if (a.dueAt === b.dueAt) return 0;
  if (!a.dueAt) return 1;
  if (!b.dueAt) return -1;
  return a.dueAt < b.dueAt ? -1 : 1;
}

export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  useLiveCases(['inbox']);
  const departments = me?.departments ?? [];
  const [department, setDepartment] = useState(departments[0]?.code);
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const searchBox = useRef<InputRef>(null);
  const [finish, setFinish] = useState<Finish | null>(null);
  const [action, setAction] = useState<{ kind: CaseAction; caseId: string } | null>(null);
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);
  const navigate = useNavigate();

  const list = useQuery({
    queryKey: ['inbox', department, search, page], enabled: !!department, refetchInterval: 60_000,
    queryFn: () => call(api.GET('/api/cases', { params: { query: { departmentCode: department, q: search || undefined, page, pageSize: 50 } } })),
  });
  const notifications = useQuery({
    queryKey: ['inbox', 'notifications', department], enabled: !!department,
    queryFn: () => call(api.GET('/api/notifications', { params: { query: { recipient: `dept:${department}`, unread: true } } })),
  });
  const rows = useMemo(() => [...(list.data?.items ?? [])].sort(byDueTime), [list.data]);
  const current = rows[Math.min(selected, rows.length - 1)] ?? null;
  useEffect(() => setSelected(0), [department, search, page]);

  const accept = async (row: CaseSummary) => {
    try {
      await call(api.POST('/api/cases/{id}/accept', { params: { path: { id: row.id } } }));
      void message.success(t('inbox.accepted'));
      await queryClient.invalidateQueries({ queryKey: ['inbox'] });
    } catch (error) {
      showProblem(error, message, t);
    }
  };

  // The same letters as the row's buttons, for the selected row; a button that the row does not show does nothing.
  const mayReturn = (row: CaseSummary | null) => !!row?.taskId && ['Dispatched', 'Accepted'].includes(row.status);
  useKeyboardShortcuts(!finish && !action && !help, {
    j: () => setSelected((i) => Math.min(i + 1, Math.max(rows.length - 1, 0))),
    ArrowDown: () => setSelected((i) => Math.min(i + 1, Math.max(rows.length - 1, 0))),
    k: () => setSelected((i) => Math.max(i - 1, 0)),
    ArrowUp: () => setSelected((i) => Math.max(i - 1, 0)),
    a: () => current?.status === 'Dispatched' && void accept(current),
    f: () => current?.status === 'Accepted' && current.taskId && setFinish({ row: current, outcome: 'Completed' }),
    r: () => mayReturn(current) && setFinish({ row: current!, outcome: 'Returned' }),
    x: () => current && setAction({ kind: 'extension', caseId: current.id }),
    s: () => current && setAction({ kind: 'suspend', caseId: current.id }),
    o: () => current && void navigate(`/cases/${current.trackingNumber}`),
    Enter: () => current && void navigate(`/cases/${current.trackingNumber}`),
    '/': () => searchBox.current?.focus(),
    '?': () => setHelp(true),
  });

  const columns: ColumnsType<CaseSummary> = [
    { title: t('cases.trackingNumber'), dataIndex: 'trackingNumber', width: 132, render: (v: string) => <Link to={`/cases/${v}`}>{v}</Link> },
    // The title takes what is left, so at 1366×768 every column shows without scrolling sideways.
    { title: t('cases.title'), dataIndex: 'title', ellipsis: true },
    { title: t('cases.item'), dataIndex: 'itemName', width: 120, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('cases.status'), dataIndex: 'status', width: 80, render: (v: string) => <Tag>{t(`status.${v}` as 'status.New', { defaultValue: v })}</Tag> },
    { title: t('cases.dueAt'), dataIndex: 'dueAt', width: 130, render: formatTime },
    {
      title: t('cases.remaining'), dataIndex: 'remainingWorkingMinutes', width: 150,
      render: (v: number | null) => <Typography.Text type={v !== null && v < 0 ? 'danger' : undefined} style={{ fontSize: 12 }}>{formatRemaining(v, t)}</Typography.Text>,
    },
    { title: t('cases.cards'), dataIndex: 'card', width: 64, render: (v: string | null) => <CardTag card={v} /> },
    {
      title: t('common.actions'), key: 'actions', width: 250, fixed: 'right',
      render: (_, row) => (
        <Space size={4} wrap>
          {row.status === 'Dispatched' && <Button size="small" type="primary" onClick={() => void accept(row)}>{t('inbox.accept')}</Button>}
          {row.status === 'Accepted' && row.taskId && (
            <Button size="small" type="primary" onClick={() => setFinish({ row, outcome: 'Completed' })}>{t('inbox.complete')}</Button>
          )}
          {mayReturn(row) && (
            <Button size="small" danger onClick={() => setFinish({ row, outcome: 'Returned' })}>{t('inbox.return')}</Button>
          )}
          <Button size="small" onClick={() => setAction({ kind: 'extension', caseId: row.id })}>{t('inbox.extension')}</Button>
          <Button size="small" onClick={() => setAction({ kind: 'suspend', caseId: row.id })}>{t('inbox.suspend')}</Button>
        </Space>
      ),
    },
  ];

  return (
    <Row gutter={12}>
      <Col xs={24} xxl={18}>
        <Card size="small" title={t('inbox.title')}
          extra={
            <Space>
              <Input.Search ref={searchBox} size="small" allowClear placeholder={t('dispatch.searchPlaceholder')} style={{ width: 220 }}
                onSearch={(value) => { setSearch(value.trim()); setPage(1); }} aria-label={t('dispatch.searchPlaceholder')} />
              {departments.length > 1 && (
                <Select size="small" value={department} onChange={(v) => { setDepartment(v); setPage(1); }} style={{ minWidth: 200 }}
                  aria-label={t('inbox.department')} options={departments.map((d) => ({ value: d.code, label: d.name }))} />
              )}
              <Tooltip title="?"><Button size="small" icon={<QuestionCircleOutlined />} onClick={() => setHelp(true)}>{t('dispatch.shortcuts')}</Button></Tooltip>
            </Space>
          }>
          {list.error ? <QueryError error={list.error} /> : (
            <Table<CaseSummary> size="small" rowKey="id" loading={list.isPending && !!department} dataSource={rows} columns={columns}
              rowClassName={(_, index) => (index === selected ? 'row-selected' : '')}
              onRow={(_, index) => ({ onClick: () => setSelected(index ?? 0), 'aria-selected': index === selected } as React.HTMLAttributes<HTMLElement>)}
              scroll={{ x: 1080 }} pagination={{ current: page, pageSize: 50, total: list.data?.total, onChange: setPage, showSizeChanger: false, size: 'small' }} />
          )}
        </Card>
      </Col>
      <Col xs={24} xxl={6}>
        <Card size="small" title={<Space>{t('inbox.notifications')}<Badge count={notifications.data?.length ?? 0} /></Space>}>
          <List size="small" dataSource={notifications.data ?? []} loading={notifications.isPending && !!department}
            renderItem={(n) => (
              <List.Item actions={n.kind === 'order' && n.caseId ? [
                <Button key="respond" size="small" onClick={() => setAction({ kind: 'respondOrder', caseId: n.caseId! })}>{t('inbox.respondOrder')}</Button>,
              ] : undefined}>
                <List.Item.Meta title={<Space size={4}><Tag color={n.kind === 'card.red' ? 'red' : n.kind === 'order' ? 'volcano' : undefined}>{t(`notice.${n.kind}` as 'notice.order', { defaultValue: n.kind })}</Tag><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(n.createdAt)}</Typography.Text></Space>}
                  description={n.text} />
              </List.Item>
            )} />
        </Card>
      </Col>
      <FinishModal finish={finish} onClose={() => setFinish(null)} />
      {action && <CaseActionModal action={action.kind} caseId={action.caseId} onClose={() => setAction(null)} />}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} shortcuts={shortcuts} />
    </Row>
  );
}

type FinishValues = { result?: string; reason?: string; attachments?: AttachmentMeta[] };

/** 办结 with the result and attachment metadata, or 退单 with a required reason. */
function FinishModal({ finish, onClose }: { finish: Finish | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FinishValues>();
  const [busy, setBusy] = useState(false);
  const completing = finish?.outcome === 'Completed';

  const submit = async (values: FinishValues) => {
    if (!finish?.row.taskId) return;
    setBusy(true);
    try {
      await claimIfNeeded(finish.row.taskId, finish.row.taskAssignee, me?.userName);
      await completeTask(finish.row.taskId, finish.outcome, completing
        ? { result: values.result?.trim(), attachments: values.attachments?.length ? values.attachments : undefined }
        : { reason: values.reason?.trim() });
      void message.success(completing ? t('inbox.completed') : t('inbox.returned'));
      await queryClient.invalidateQueries({ queryKey: ['inbox'] });
      onClose();
    } catch (error) {
      showProblem(error, message, t, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={!!finish} destroyOnHidden width={640} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy}
      okText={t('common.submitKey')} cancelText={t('common.cancel')} okButtonProps={{ danger: !completing }}
      title={`${completing ? t('inbox.complete') : t('inbox.return')}：${finish?.row.trackingNumber ?? ''} ${finish?.row.title ?? ''}`}>
      <Form<FinishValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} onKeyDown={submitOnCtrlEnter(() => form.submit())}>
        {completing ? (
          <>
            <Form.Item name="result" label={t('inbox.result')} extra={t('inbox.resultHelp')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 4000 }]}>
              <Input.TextArea rows={6} maxLength={4000} showCount autoFocus />
            </Form.Item>
            <Form.Item label={t('inbox.attachments')}><AttachmentFields /></Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label={t('inbox.returnReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={4} maxLength={2000} autoFocus />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CopyOutlined, DeleteOutlined, DownloadOutlined, NodeIndexOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { problemText } from '../../api/problem';
import { useAuth } from '../../auth/AuthProvider';
import { mayEditWorkflows, mayReadInstances } from '../../auth/access';
import { designerApi, type DefinitionSummary } from '../../designer/api';
import { blankWorkflow, definitionIdPattern, download } from '../../designer/files';
import { QueryError } from '../ErrorPages';
import { InstanceListDrawer } from './InstanceListDrawer';

type NewDefinition = { definitionId: string; name: string };

/** Problems in an imported file: the server's message and the JSON path it names. */
function importProblems(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [problemText(error, '')];
  const { problem } = error;
  const fields = Object.entries(problem.errors ?? {}).flatMap(([path, messages]) => messages.map((m) => `${path}: ${m}`));
  return fields.length > 0 ? fields : [problem.detail || problem.title || `HTTP ${error.status}`];
}

/** Every definition with its versions and running instances; admins create, import, clone and delete drafts here. */
export default function DefinitionListPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const editable = mayEditWorkflows(me?.roles);
  const readsInstances = mayReadInstances(me?.roles);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const list = useQuery({ queryKey: ['workflow-definitions'], queryFn: designerApi.definitions });
  const [creating, setCreating] = useState(false);
  const [cloning, setCloning] = useState<DefinitionSummary | null>(null);
  const [listingInstances, setListingInstances] = useState<DefinitionSummary | null>(null);
  const [importErrors, setImportErrors] = useState<string[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['workflow-definitions'] });

  const create = useMutation({
    mutationFn: (v: NewDefinition) => designerApi.create(JSON.stringify(blankWorkflow(v.definitionId, v.name))),
    onSuccess: (summary) => { void message.success(t('designer.created')); void refresh(); void navigate(`/designer/${summary.definitionId}`); },
    onError: (e) => void message.error(problemText(e, t('common.failed'))),
  });
  const clone = useMutation({
    mutationFn: (v: NewDefinition) => designerApi.clone(cloning!.definitionId, v.definitionId, v.name),
    onSuccess: (summary) => { setCloning(null); void message.success(t('designer.cloned')); void refresh(); void navigate(`/designer/${summary.definitionId}`); },
    onError: (e) => void message.error(problemText(e, t('common.failed'))),
  });
  const remove = useMutation({
    mutationFn: (id: string) => designerApi.deleteDraft(id),
    onSuccess: () => { void message.success(t('designer.deleted')); void refresh(); },
    onError: (e) => void message.error(problemText(e, t('common.failed'))),
  });

  async function importFile(file: File) {
    setImportErrors(null);
    const text = await file.text();
    let parsed: { definitionId?: unknown };
    try {
      parsed = JSON.parse(text) as { definitionId?: unknown };
    } catch (e) {
      setImportErrors([`$: ${e instanceof Error ? e.message : String(e)}`]);
      return;
    }
    const opened = (summary: { definitionId: string }) => {
      void message.success(t('designer.imported'));
      void refresh();
      void navigate(`/designer/${summary.definitionId}`);
    };
    try {
      opened(await designerApi.create(text));
    } catch (e) {
      const id = parsed.definitionId;
      if (!(e instanceof ApiError && e.status === 409 && typeof id === 'string')) {
        setImportErrors(importProblems(e));
        return;
      }
      // The id is taken: the admin most likely exported, edited and brings the file back, so offer it as the draft.
      modal.confirm({
        title: t('designer.importExistsTitle', { id }), content: t('designer.importExists'), okText: t('designer.importAsDraft'),
        onOk: async () => {
          try {
            opened(await designerApi.importAsDraft(id, text));
          } catch (again) {
            setImportErrors(importProblems(again));
          }
        },
      });
    }
  }

  async function exportDefinition(d: DefinitionSummary) {
    try {
      const { text, fileName } = await designerApi.export(d.definitionId, d.publishedVersion ? undefined : d.latestVersion);
      download(text, fileName);
    } catch (e) {
      void message.error(problemText(e, t('common.failed')));
    }
  }

  const columns: ColumnsType<DefinitionSummary> = [
    {
      title: t('designer.id'), dataIndex: 'definitionId', width: 200,
      render: (id: string) => <Link to={`/designer/${id}`}>{id}</Link>,
    },
    { title: t('designer.name'), dataIndex: 'name', ellipsis: true },
    {
      title: t('designer.published'), dataIndex: 'publishedVersion', width: 110,
      render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : '—'),
    },
    {
      title: t('designer.draft'), dataIndex: 'draftVersion', width: 100,
      render: (v: number | null) => (v ? <Tag color="orange">v{v}</Tag> : <Typography.Text type="secondary">{t('designer.noDraft')}</Typography.Text>),
    },
    { title: t('designer.latest'), dataIndex: 'latestVersion', width: 90, render: (v: number) => `v${v}` },
    { title: t('designer.running'), dataIndex: 'runningInstances', width: 110, align: 'right' },
    {
      title: t('common.actions'), key: 'actions', width: (editable ? 300 : 150) + (readsInstances ? 70 : 0),
      render: (_, d) => (
        <Space size={4} wrap>
          <Button size="small" type="link" onClick={() => void navigate(`/designer/${d.definitionId}`)}>{t('designer.open')}</Button>
          <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportDefinition(d)}>{t('designer.export')}</Button>
          {readsInstances && (
            <Button size="small" icon={<NodeIndexOutlined />} onClick={() => setListingInstances(d)}>{t('designer.instance.instances')}</Button>
          )}
          {editable && <Button size="small" icon={<CopyOutlined />} onClick={() => setCloning(d)}>{t('designer.clone')}</Button>}
          {editable && d.draftVersion && (
            <Popconfirm title={t('designer.deleteDraftConfirm', { id: d.definitionId })} onConfirm={() => remove.mutate(d.definitionId)}>
              <Button size="small" danger icon={<DeleteOutlined />}>{t('designer.deleteDraft')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card size="small" title={t('designer.list')} extra={editable && (
      <Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('designer.create')}</Button>
        <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()}>{t('designer.import')}</Button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="import-file"
          onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) void importFile(file); }} />
      </Space>
    )}>
      {!editable && <Alert type="info" showIcon title={t('designer.readOnly')} style={{ marginBottom: 12 }} />}
      {importErrors && (
        <Alert type="error" showIcon closable={{ onClose: () => setImportErrors(null) }} style={{ marginBottom: 12 }} data-testid="import-errors"
          title={t('designer.importFailed')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{importErrors.map((e) => <li key={e}>{e}</li>)}</ul>} />
      )}
      {list.error ? <QueryError error={list.error} /> : (
        <Table<DefinitionSummary> rowKey="definitionId" size="small" loading={list.isLoading} dataSource={list.data ?? []}
          columns={columns} pagination={false} />
      )}
      <DefinitionModal open={creating} title={t('designer.create')} initialName={t('designer.newDefinitionName')} busy={create.isPending}
        onCancel={() => setCreating(false)} onSubmit={(v) => create.mutate(v)} />
      <DefinitionModal open={!!cloning} title={t('designer.cloneTitle', { id: cloning?.definitionId })} busy={clone.isPending}
        initialId={cloning ? `${cloning.definitionId}-copy` : ''} initialName={cloning?.name ?? ''}
        onCancel={() => setCloning(null)} onSubmit={(v) => clone.mutate(v)} />
      <InstanceListDrawer definition={listingInstances} onClose={() => setListingInstances(null)} />
    </Card>
  );
}

function DefinitionModal({ open, title, initialId = '', initialName, busy, onCancel, onSubmit }: {
  open: boolean; title: string; initialId?: string; initialName: string; busy: boolean;
  onCancel: () => void; onSubmit: (v: NewDefinition) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewDefinition>();
  return (
    <Modal open={open} title={title} onCancel={onCancel} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={onSubmit} preserve={false} initialValues={{ definitionId: initialId, name: initialName }}>
        <Form.Item name="definitionId" label={t('designer.id')} extra={t('designer.idHint')}
          rules={[{ required: true, message: t('common.required') }, { pattern: definitionIdPattern, message: t('designer.idInvalid') }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t('designer.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

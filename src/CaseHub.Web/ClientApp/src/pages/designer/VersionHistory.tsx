import { useEffect, useRef, useState } from 'react';
import { App, Button, Drawer, Modal, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../api/problem';
import { formatTime } from '../../lib/format';
import { designerApi, type VersionSummary } from '../../designer/api';
import { DesignerCanvas } from '../../designer/canvas';
import { diffGraph, diffWorkflows } from '../../designer/diff';
import { documentToGraph, needsLayout, type Descriptor } from '../../designer/document';
import { download } from '../../designer/files';

type Props = {
  definitionId: string;
  descriptors: ReadonlyMap<string, Descriptor>;
  editable: boolean;
  currentDraft: number | null;
  onClose: () => void;
  onView: (version: number | null) => void;
  onReverted: () => void;
};

/** Every version, opening one read-only, a visual diff of two, and revert (an older version becomes the draft). */
export function VersionHistory({ definitionId, descriptors, editable, currentDraft, onClose, onView, onReverted }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const versions = useQuery({ queryKey: ['workflow-versions', definitionId], queryFn: () => designerApi.versions(definitionId), refetchOnMount: 'always' });
  const [picked, setPicked] = useState<number[]>([]);
  const [comparing, setComparing] = useState<[number, number] | null>(null);

  async function revert(version: number) {
    try {
      await designerApi.revert(definitionId, version);
      void message.success(t('designer.history.reverted', { v: version }));
      onReverted();
    } catch (e) {
      void message.error(problemText(e, t('common.failed')));
    }
  }

  async function exportVersion(version: number) {
    try {
      const { text, fileName } = await designerApi.export(definitionId, version);
      download(text, fileName);
    } catch (e) {
      void message.error(problemText(e, t('common.failed')));
    }
  }

  return (
    <Drawer open title={t('designer.history.title')} size={640} onClose={onClose} extra={
      <Button type="primary" disabled={picked.length !== 2} onClick={() => setComparing([Math.min(...picked), Math.max(...picked)] as [number, number])}>
        {t('designer.history.compare')}
      </Button>
    }>
      <Typography.Paragraph type="secondary">{t('designer.history.pickTwo')}</Typography.Paragraph>
      <Table<VersionSummary> size="small" rowKey="version" loading={versions.isLoading} dataSource={versions.data ?? []} pagination={false}
        rowSelection={{
          selectedRowKeys: picked,
          onChange: (keys) => setPicked((keys as number[]).slice(-2)),
        }}
        columns={[
          { title: '#', dataIndex: 'version', width: 56, render: (v: number) => `v${v}` },
          { title: t('designer.history.status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={s === 'Draft' ? 'orange' : s === 'Published' ? 'green' : undefined}>{t(`designer.status.${s}`, { defaultValue: s })}</Tag> },
          { title: t('designer.history.createdAt'), dataIndex: 'createdAt', width: 130, render: formatTime },
          { title: t('designer.history.createdBy'), dataIndex: 'createdBy', width: 90, render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'), key: 'a', render: (_, v) => (
              <Space size={2} wrap>
                <Button size="small" type="link" onClick={() => onView(v.version === currentDraft ? null : v.version)}>{t('designer.history.view')}</Button>
                <Button size="small" type="link" onClick={() => void exportVersion(v.version)}>{t('designer.export')}</Button>
                {editable && v.status !== 'Draft' && (
                  <Popconfirm title={t('designer.history.revertConfirm', { v: v.version })} onConfirm={() => void revert(v.version)}>
                    <Button size="small" type="link">{t('designer.history.revert')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]} />
      {comparing && (
        <DiffModal definitionId={definitionId} versions={comparing} descriptors={descriptors} onClose={() => setComparing(null)} />
      )}
    </Drawer>
  );
}

function DiffModal({ definitionId, versions: [a, b], descriptors, onClose }: {
  definitionId: string; versions: [number, number]; descriptors: ReadonlyMap<string, Descriptor>; onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const docs = useQuery({
    queryKey: ['workflow-diff', definitionId, a, b],
    queryFn: async () => Promise.all([designerApi.version(definitionId, a), designerApi.version(definitionId, b)]),
  });
  const element = useRef<HTMLDivElement>(null);
  const before = docs.data?.[0].doc;
  const after = docs.data?.[1].doc;
  const diff = before && after ? diffWorkflows(before, after) : null;

  useEffect(() => {
    if (!element.current || !before || !after) return;
    const { doc, nodeMarks, edgeMarks } = diffGraph(before, after);
    const canvas = new DesignerCanvas(element.current, { readOnly: true, language: i18n.language, descriptors });
    canvas.load(documentToGraph(doc));
    canvas.setMarks(nodeMarks, edgeMarks);
    // Files written by hand or by another tool may carry no positions, as the designer and the instance view allow.
    if (needsLayout(doc)) canvas.autoLayout(false);
    else canvas.fit();
    return () => canvas.dispose();
  }, [before, after, descriptors, i18n.language]);

  const line = (label: string, color: string, items: string[]) => items.length > 0 && (
    <div style={{ marginBottom: 4 }}><Tag color={color}>{label}</Tag>{items.join('，')}</div>
  );
  return (
    <Modal open width="90vw" style={{ top: 24 }} title={t('designer.history.compareTitle', { a, b })} footer={null} onCancel={onClose}>
      {docs.isLoading && <Spin />}
      {diff && (
        <div data-testid="diff-summary" style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('designer.history.legend')}</Typography.Text>
          {line(t('designer.history.added'), 'green', diff.added)}
          {line(t('designer.history.removed'), 'red', diff.removed)}
          {line(t('designer.history.changed'), 'orange', diff.changed.filter((c) => c.properties.length > 0).map((c) => `${c.id} (${c.properties.join(', ')})`))}
          {line(t('designer.history.moved'), 'default', diff.changed.filter((c) => c.moved && c.properties.length === 0).map((c) => c.id))}
          {line(t('designer.history.addedEdges'), 'green', diff.addedEdges)}
          {line(t('designer.history.removedEdges'), 'red', diff.removedEdges)}
          {diff.added.length + diff.removed.length + diff.changed.length + diff.addedEdges.length + diff.removedEdges.length === 0
            && <div>{t('designer.history.noChanges')}</div>}
        </div>
      )}
      <div ref={element} style={{ height: '60vh', border: '1px solid #f0f0f0' }} />
    </Modal>
  );
}

import { useState } from 'react';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { problemText } from '../api/problem';

/** A file type the import takes, chosen by the file's extension. */
export type ImportFormat = { extension: string; contentType: string };
export type ImportCounts = { created: number; updated: number; total?: number };

/** One field of one entry the server rejected. `entry` is 1-based (a CSV's line, a JSON array's position); null for the whole file. */
export type RowError = { key: string; entry: number | null; code: string | null; field: string; reason: string };

type Outcome =
  | { kind: 'done'; counts: ImportCounts }
  | { kind: 'rejected'; errors: RowError[]; detail: string | null }
  | { kind: 'failed'; message: string };

/** The request options that send a file's bytes as they are, for the typed client's import endpoints. */
export function fileBody(bytes: Uint8Array, contentType: string) {
  return { body: bytes as never, bodySerializer: (body: unknown) => body as BodyInit, headers: { 'Content-Type': contentType } };
}

/**
 * Every error of a rejected import, in file order. The item list keys errors `row 3.code` (the row as the file counts
 * it); the org imports key them `[2].parentCode` or `features[2].geometry` (0-based) and list each entry's code
 * under `issues`. Any other key is about the whole file.
 */
export function rowErrors(problem: ApiError['problem']): RowError[] {
  const codes = new Map<number, string>();
  const issues = (problem as { issues?: unknown }).issues;
  if (Array.isArray(issues)) {
    for (const issue of issues as { index?: unknown; code?: unknown }[]) {
      if (typeof issue?.index === 'number' && typeof issue.code === 'string' && issue.code) codes.set(issue.index, issue.code);
    }
  }
  const errors: RowError[] = [];
  for (const [key, reasons] of Object.entries(problem.errors ?? {})) {
    const row = /^row (\d+)\.(.+)$/.exec(key);
    const indexed = /^\w*\[(\d+)\](?:\.(.+))?$/.exec(key);
    const at = row ? { entry: Number(row[1]), code: null, field: row[2] }
      : indexed ? { entry: Number(indexed[1]) + 1, code: codes.get(Number(indexed[1])) ?? null, field: indexed[2] ?? '' }
        : { entry: null, code: null, field: key };
    for (const reason of reasons) errors.push({ key, ...at, reason });
  }
  return errors.sort((a, b) => (a.entry ?? 0) - (b.entry ?? 0));
}

function whereLabel(error: RowError, lines: boolean, t: TFunction): string {
  if (error.entry === null) return t('importFile.wholeFile');
  const where = t(lines ? 'importFile.line' : 'importFile.entry', { n: error.entry });
  return error.code ? `${where}（${error.code}）` : where;
}

/**
 * An upload button for a reference-data import (item list, org units, grids, departments), and the dialog with its
 * outcome: the counts, or every error the server found with the statement that nothing was imported (the imports
 * write all or nothing). The queries named by `invalidates` are refetched after a successful import.
 */
export function ImportButton({ label, name, hint, formats, send, invalidates }: {
  label: string;
  /** What is imported, for the dialog's title. */
  name: string;
  hint?: string;
  formats: readonly ImportFormat[];
  send: (bytes: Uint8Array, format: ImportFormat) => Promise<ImportCounts>;
  invalidates: readonly QueryKey[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [fileName, setFileName] = useState('');
  const [lines, setLines] = useState(false);
  const extensions = formats.map((f) => f.extension).join(', ');

  const run = async (file: File) => {
    setFileName(file.name);
    const format = formats.find((f) => file.name.toLowerCase().endsWith(f.extension));
    if (!format) {
      setOutcome({ kind: 'failed', message: t('importFile.wrongType', { extensions }) });
      return;
    }
    // A CSV's errors name the line; a JSON file's the entry.
    setLines(format.extension === '.csv');
    setBusy(true);
    try {
      const counts = await send(new Uint8Array(await file.arrayBuffer()), format);
      setOutcome({ kind: 'done', counts });
      await Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    } catch (error) {
      // 400 (the file's errors) and 409 (the data changed meanwhile) are answered before anything is written.
      if (error instanceof ApiError && (error.status === 400 || error.status === 409)) {
        const errors = rowErrors(error.problem);
        setOutcome({ kind: 'rejected', errors, detail: errors.length === 0 ? problemText(error, t('importFile.failed')) : null });
      } else {
        setOutcome({ kind: 'failed', message: problemText(error, t('importFile.failed')) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Upload accept={formats.map((f) => `${f.extension},${f.contentType}`).join(',')} showUploadList={false} maxCount={1} disabled={busy}
        beforeUpload={(file) => { void run(file); return Upload.LIST_IGNORE; }} aria-label={label}>
        <Button icon={<UploadOutlined />} loading={busy} title={hint}>{label}</Button>
      </Upload>
      <Modal open={outcome !== null} title={t('importFile.resultTitle', { name })} onCancel={() => setOutcome(null)} width={720}
        footer={<Button type="primary" onClick={() => setOutcome(null)}>{t('common.close')}</Button>}
        styles={{ body: { maxHeight: '60vh', overflow: 'auto' } }}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="import-outcome">
          <Typography.Text type="secondary">{fileName}</Typography.Text>
          {outcome?.kind === 'done' && (
            <Alert type="success" showIcon title={t('importFile.done', outcome.counts)}
              description={outcome.counts.total !== undefined ? t('importFile.total', { total: outcome.counts.total }) : undefined} />
          )}
          {outcome?.kind === 'failed' && <Alert type="error" showIcon title={t('importFile.failed')} description={outcome.message} />}
          {outcome?.kind === 'rejected' && (
            <>
              <Alert type="error" showIcon title={t('importFile.nothingImported')}
                description={outcome.detail ?? t('importFile.rejected', { count: outcome.errors.length })} />
              {outcome.errors.length > 0 && (
                <Table<RowError> size="small" pagination={false} rowKey={(e) => `${e.key}\u0000${e.reason}`} dataSource={outcome.errors}
                  columns={[
                    { title: t('importFile.location'), key: 'where', width: 150, render: (_: unknown, e) => whereLabel(e, lines, t) },
                    { title: t('importFile.field'), dataIndex: 'key', width: 190, render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
                    { title: t('importFile.reason'), dataIndex: 'reason' },
                  ]} />
              )}
            </>
          )}
        </Space>
      </Modal>
    </>
  );
}

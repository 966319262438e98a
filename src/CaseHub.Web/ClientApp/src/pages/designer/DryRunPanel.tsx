import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { problemText } from '../../api/problem';
import { formatTime } from '../../lib/format';
import { designerApi, timerOutcome, type DryRunChoice, type DryRunResult, type DryRunSample, type DryRunWait } from '../../designer/api';
import { conditionFields } from '../../designer/condition';
import type { WorkflowJson } from '../../designer/document';
import { DepartmentPicker, ItemPicker } from './editors';

type Props = {
  definitionId: string;
  currentDoc: () => WorkflowJson | null;
  nameOf: (id: string | null) => string;
  /** An outcome as its port is labelled (已办结 rather than Completed). */
  outcomeLabel: (activityId: string, outcome: string) => string;
  onPath: (ids: Set<string>) => void;
  onClose: () => void;
};

const manualDispatch = 'CaseHub.ManualDispatch';
const cardColours: Record<string, string> = { Blue: 'blue', Yellow: 'gold', Red: 'red' };
const options = (path: string) => conditionFields.find((f) => f.path === path)?.options ?? [];

/**
 * Simulates the definition on the canvas (saved or not) for a sample case on the server's virtual clock. The
 * server replays from the start each time with the outcomes chosen so far, so stepping is one more POST.
 */
export function DryRunPanel({ definitionId, currentDoc, nameOf, outcomeLabel, onPath, onClose }: Props) {
  const { t } = useTranslation();
  // Letting a timer run out is the dry-run's own choice, not one of the activity's outcomes.
  const choiceLabel = (activityId: string, outcome: string) =>
    outcome === timerOutcome ? t('designer.dryRun.timedOut') : outcomeLabel(activityId, outcome);
  const [form] = Form.useForm<DryRunSample>();
  const [sample, setSample] = useState<DryRunSample | null>(null);
  const [choices, setChoices] = useState<DryRunChoice[]>([]);
  const [result, setResult] = useState<DryRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [department, setDepartment] = useState('');

  async function run(s: DryRunSample, chosen: DryRunChoice[]) {
    setBusy(true);
    setError(null);
    try {
      const definition = currentDoc() ?? undefined;
      const clean = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== null && v !== '')) as DryRunSample;
      const next = await designerApi.dryRun(definitionId, { definition, sample: clean, choices: chosen });
      setSample(s);
      setChoices(chosen);
      setResult(next);
      onPath(new Set([...next.steps.map((step) => step.activityId), ...(next.waiting ? [next.waiting.activityId] : [])]));
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 404 || e.status === 405) ? t('designer.dryRun.unavailable') : problemText(e, t('common.failed')));
    } finally {
      setBusy(false);
    }
  }

  // Manual dispatch needs the department the dispatcher would pick; other tasks need only their outcome.
  const choose = (wait: DryRunWait, outcome: string) => {
    const formData = wait.activityType === manualDispatch && outcome !== timerOutcome ? { departmentCode: department } : undefined;
    void run(sample!, [...choices, { activityId: wait.activityId, outcome, formData }]);
  };

  const restart = () => { setResult(null); setChoices([]); setSample(null); onPath(new Set()); };

  return (
    <Drawer open title={t('designer.dryRun.title')} size={460} mask={false} onClose={onClose} data-testid="dry-run">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('designer.dryRun.hint')}</Typography.Paragraph>
      {!result && (
        <Form<DryRunSample> form={form} layout="vertical" size="small" initialValues={{ channel: 'Hotline', kind: 'Complaint' }}
          onFinish={(values) => void run(values, [])}>
          <Form.Item name="caseId" label={t('designer.dryRun.caseId')}><Input allowClear /></Form.Item>
          <Space.Compact block>
            <Form.Item name="channel" label={t('designer.dryRun.channel')} style={{ width: '50%' }} rules={[{ required: true }]}>
              <Select options={options('c.channel').map((c) => ({ value: c, label: t(`channel.${c}`, { defaultValue: c }) }))} />
            </Form.Item>
            <Form.Item name="kind" label={t('designer.dryRun.kind')} style={{ width: '50%' }} rules={[{ required: true }]}>
              <Select options={options('c.kind').map((k) => ({ value: k, label: t(`kind.${k}`, { defaultValue: k }) }))} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="itemCode" label={t('designer.dryRun.item')} dependencies={['caseId']} rules={[({ getFieldValue }) => ({
            // A sample case brings its own item.
            validator: (_, value) => (value || getFieldValue('caseId') ? Promise.resolve() : Promise.reject(new Error(t('common.required')))),
          })]}>
            <ItemPicker value={form.getFieldValue('itemCode') ?? ''} onChange={(v) => form.setFieldValue('itemCode', v)} />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="latitude" label={t('designer.dryRun.latitude')} style={{ width: '50%' }}><InputNumber style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="longitude" label={t('designer.dryRun.longitude')} style={{ width: '50%' }}><InputNumber style={{ width: '100%' }} /></Form.Item>
          </Space.Compact>
          <Form.Item name="address" label={t('designer.dryRun.address')}><Input allowClear /></Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>{t('designer.dryRun.start')}</Button>
        </Form>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      {result && sample && (
        <div data-testid="dry-run-result">
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('designer.dryRun.department')}>
              <span data-testid="dry-run-department">{result.department ? `${result.department.name} (${result.department.code})` : t('designer.dryRun.noDepartment')}</span>
            </Descriptions.Item>
            {choices.length > 0 && (
              <Descriptions.Item label={t('designer.dryRun.choices')}>
                {choices.map((c, i) => <Tag key={i}>{nameOf(c.activityId)} → {choiceLabel(c.activityId, c.outcome)}</Tag>)}
              </Descriptions.Item>
            )}
          </Descriptions>
          {result.waiting && (
            <Alert type="warning" style={{ marginBottom: 12 }} title={t('designer.dryRun.waiting', { name: nameOf(result.waiting.activityId) })}
              description={(
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {result.waiting.activityType === manualDispatch && (
                    <DepartmentPicker value={department} onChange={(v) => setDepartment(v as string)} multiple={false} queue={false} />
                  )}
                  <Space wrap>
                    {result.waiting.outcomes.map((outcome) => (
                      <Button key={outcome} size="small" loading={busy} disabled={result.waiting!.activityType === manualDispatch && !department}
                        onClick={() => choose(result.waiting!, outcome)}>{outcomeLabel(result.waiting!.activityId, outcome)}</Button>
                    ))}
                  </Space>
                </Space>
              )} />
          )}
          {result.waits.filter((w) => w.kind === 'timer').map((w) => (
            <Button key={w.activityId} size="small" style={{ marginBottom: 12, marginRight: 8 }} loading={busy} onClick={() => choose(w, timerOutcome)}>
              {t('designer.dryRun.letTimePass', { name: nameOf(w.activityId), at: formatTime(w.dueAt) })}
            </Button>
          ))}
          {result.stoppedBecause && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={result.stoppedBecause} />}
          {result.ended && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('designer.dryRun.ended', { at: formatTime(result.endedAt) })} />}
          {result.incidents.length > 0 && (
            <Alert type="error" style={{ marginBottom: 12 }} title={t('designer.dryRun.incidents')}
              description={result.incidents.map((i, n) => <div key={n}>{nameOf(i.activityId)}: {i.message}</div>)} />
          )}
          <Typography.Title level={5}>{t('designer.dryRun.deadlines')}</Typography.Title>
          <Table size="small" pagination={false} rowKey={(d) => `${d.stage}${d.startedAt}`} dataSource={result.deadlines} data-testid="dry-run-deadlines"
            columns={[
              { title: t('designer.dryRun.stage'), dataIndex: 'stage', render: (s: string) => t(`stage.${s}`, { defaultValue: s }) },
              { title: t('designer.dryRun.startedAt'), dataIndex: 'startedAt', render: formatTime },
              { title: t('designer.dryRun.blueAt'), dataIndex: 'blueAt', render: formatTime },
              { title: t('designer.dryRun.dueAt'), dataIndex: 'dueAt', render: formatTime },
              { title: t('designer.dryRun.redAt'), dataIndex: 'redAt', render: formatTime },
            ]} />
          <Typography.Title level={5} style={{ marginTop: 12 }}>{t('designer.dryRun.cards')}</Typography.Title>
          <div data-testid="dry-run-cards">
            {result.cards.length === 0 ? '—' : result.cards.map((c, i) => (
              <div key={i}><Tag color={cardColours[c.colour]}>{t(`card.${c.colour}`, { defaultValue: c.colour })}</Tag>{formatTime(c.at)} · {t(`stage.${c.stage}`, { defaultValue: c.stage })}</div>
            ))}
          </div>
          <Typography.Title level={5} style={{ marginTop: 12 }}>{t('designer.dryRun.steps')}</Typography.Title>
          <Timeline items={result.steps.map((s) => ({
            children: (
              <div>
                <Typography.Text strong>{s.displayName || nameOf(s.activityId)}</Typography.Text>
                {s.outcome && <Tag style={{ marginLeft: 6 }}>{choiceLabel(s.activityId, s.outcome)}</Tag>}
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>{formatTime(s.at)}{s.note ? ` · ${s.note}` : ''}</div>
              </div>
            ),
          }))} />
          <Button onClick={restart}>{t('designer.dryRun.restart')}</Button>
        </div>
      )}
    </Drawer>
  );
}

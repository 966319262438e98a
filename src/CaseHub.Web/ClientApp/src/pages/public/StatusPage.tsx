import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Result, Space } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import type { PublicRating, PublicStatusWithCallback } from '../../api/types';
import { showProblem } from '../../lib/feedback';
import { formatTime } from '../../lib/format';

type Query = { trackingNumber: string; phone: string };

/** 进度查询: by tracking number and the last 4 digits of the phone; takes the satisfaction rating when the callback is due. */
export default function StatusPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<PublicStatusWithCallback | null>(null);
  const [query, setQuery] = useState<Query | null>(null);
  const [notFound, setNotFound] = useState(false);

  const lookup = async (values: Query) => {
    setBusy(true);
    setNotFound(false);
    try {
      const found = await call(api.GET('/api/public/cases/{trackingNumber}', {
        params: { path: { trackingNumber: values.trackingNumber.trim() }, query: { phone: values.phone.trim() } },
      }));
      setStatus(found);
      setQuery(values);
    } catch (error) {
      setStatus(null);
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showProblem(error, message, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card title={t('public.statusTitle')}>
        <Form<Query> layout="vertical" onFinish={(v) => void lookup(v)} initialValues={{ trackingNumber: params.get('number') ?? '' }}>
          <Form.Item name="trackingNumber" label={t('public.trackingNumber')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input inputMode="numeric" maxLength={20} />
          </Form.Item>
          <Form.Item name="phone" label={t('public.phoneLast4')} rules={[{ required: true, pattern: /^\d{4}$/, message: t('public.phoneLast4') }]}>
            <Input inputMode="numeric" maxLength={4} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('public.query')}</Button>
        </Form>
        {notFound && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('public.notFound')} />}
      </Card>
      {status && (
        <Card>
          <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 96 } }}>
            <Descriptions.Item label={t('public.trackingNumber')}>{status.trackingNumber}</Descriptions.Item>
            <Descriptions.Item label={t('cases.title')}>{status.title}</Descriptions.Item>
            <Descriptions.Item label={t('public.stage')}>{status.statusName}</Descriptions.Item>
            <Descriptions.Item label={t('public.department')}>{status.departmentName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cases.receivedAt')}>{formatTime(status.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('public.reply')}>
              {status.reply ? <>{status.reply}<div style={{ color: '#888', fontSize: 12 }}>{formatTime(status.repliedAt)}</div></> : t('public.noReply')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {status?.callbackDue && query && <RatingForm query={query} onRated={() => setStatus({ ...status, callbackDue: false })} />}
    </Space>
  );
}

function RatingForm({ query, onRated }: { query: Query; onRated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PublicRating>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const submit = async (values: PublicRating) => {
    setBusy(true);
    try {
      await call(api.POST('/api/public/cases/{trackingNumber}/rating', {
        params: { path: { trackingNumber: query.trackingNumber.trim() }, query: { phone: query.phone.trim() } },
        body: { result: values.result, resolved: values.resolved, comment: values.comment?.trim() || undefined },
      }));
      setDone(true);
      onRated();
    } catch (error) {
      showProblem(error, message, t, form);
    } finally {
      setBusy(false);
    }
  };
  if (done) return <Card><Result status="success" title={t('public.rated')} /></Card>;
  return (
    <Card title={t('public.rateTitle')}>
      <Form<PublicRating> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="result" rules={[{ required: true, message: t('common.required') }]}>
          <Radio.Group optionType="button" buttonStyle="solid"
            options={(['Satisfied', 'PartlySatisfied', 'NotSatisfied'] as const).map((r) => ({ value: r, label: t(`satisfaction.${r}`) }))} />
        </Form.Item>
        <Form.Item name="resolved" label={t('public.resolved')} rules={[{ required: true, message: t('common.required') }]}>
          <Radio.Group options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
        </Form.Item>
        <Form.Item name="comment" label={t('public.comment')}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>{t('common.submit')}</Button>
      </Form>
    </Card>
  );
}

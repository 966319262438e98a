import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Result, Select, Space, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { AttachmentMeta, PublicReport } from '../../api/types';
import { AttachmentFields } from '../../components/AttachmentFields';
import { showProblem } from '../../lib/feedback';

type Values = Omit<PublicReport, 'attachments'> & { attachments?: AttachmentMeta[] };
const kinds: PublicReport['kind'][] = ['Complaint', 'HelpRequest', 'Report', 'Suggestion', 'Enquiry'];
export const mobilePattern = /^1\d{10}$/;

/** The citizen's report form (a channel like the app): no sign-in, one column, location and photo metadata. */
export default function ReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [locating, setLocating] = useState(false);
  const [trackingNumber, setTrackingNumber] = useState<string | null>(null);

  const locate = () => {
    if (!navigator.geolocation) {
      void message.warning(t('public.locationFailed'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        form.setFieldsValue({ latitude: Number(p.coords.latitude.toFixed(6)), longitude: Number(p.coords.longitude.toFixed(6)) });
        setLocating(false);
      },
      () => {
        void message.warning(t('public.locationFailed'));
        setLocating(false);
      },
      { timeout: 10_000 },
    );
  };

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const created = await call(api.POST('/api/public/cases', {
        body: {
          kind: values.kind,
          title: (values.title ?? '').trim(),
          description: (values.description ?? '').trim(),
          address: values.address?.trim() || undefined,
          latitude: values.latitude ?? undefined,
          longitude: values.longitude ?? undefined,
          name: (values.name ?? '').trim(),
          phone: (values.phone ?? '').trim(),
          attachments: values.attachments?.length ? values.attachments : undefined,
        },
      }));
      setTrackingNumber(created.trackingNumber);
    } catch (error) {
      showProblem(error, message, t, form);
    } finally {
      setBusy(false);
    }
  };

  if (trackingNumber) {
    return (
      <Card>
        <Result status="success" title={t('public.submitted')}
          subTitle={<>
            <div>{t('public.trackingNumber')}：<Typography.Text strong copyable data-testid="tracking-number">{trackingNumber}</Typography.Text></div>
            <div>{t('public.keepNumber')}</div>
          </>}
          extra={[
            <Link key="status" to={`/public/status?number=${trackingNumber}`}><Button type="primary">{t('public.queryStatus')}</Button></Link>,
            <Button key="again" onClick={() => { form.resetFields(); setTrackingNumber(null); }}>{t('public.newReport')}</Button>,
          ]} />
      </Card>
    );
  }

  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <Card title={t('public.reportTitle')}>
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'Complaint' }} onFinish={(v) => void submit(v)} scrollToFirstError>
        <Form.Item name="kind" label={t('public.kind')} rules={[{ required: true }]}>
          <Select options={kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('public.titleField')} rules={required}><Input maxLength={200} /></Form.Item>
        <Form.Item name="description" label={t('public.description')} rules={required}>
          <Input.TextArea rows={5} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item name="address" label={t('public.address')}><Input maxLength={300} /></Form.Item>
        <Space.Compact block style={{ marginBottom: 8 }}>
          <Form.Item name="latitude" label={t('public.latitude')} style={{ flex: 1, marginRight: 8, marginBottom: 0 }} rules={[{ type: 'number', min: -90, max: 90 }]}>
            <InputNumber style={{ width: '100%' }} step={0.0001} inputMode="decimal" />
          </Form.Item>
          <Form.Item name="longitude" label={t('public.longitude')} style={{ flex: 1, marginBottom: 0 }} rules={[{ type: 'number', min: -180, max: 180 }]}>
            <InputNumber style={{ width: '100%' }} step={0.0001} inputMode="decimal" />
          </Form.Item>
        </Space.Compact>
        <Button icon={<AimOutlined />} loading={locating} onClick={locate} style={{ marginBottom: 16 }}>
          {locating ? t('public.locating') : t('public.useLocation')}
        </Button>
        <Form.Item label={t('public.photos')}><AttachmentFields accept="image/*" /></Form.Item>
        <Form.Item name="name" label={t('public.name')} rules={required}><Input maxLength={50} autoComplete="name" /></Form.Item>
        <Form.Item name="phone" label={t('public.phone')} validateTrigger="onBlur"
          rules={[{ required: true, message: t('common.required') }, { pattern: mobilePattern, message: t('public.phoneInvalid') }]}>
          <Input maxLength={11} inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('public.submit')}</Button>
      </Form>
    </Card>
  );
}

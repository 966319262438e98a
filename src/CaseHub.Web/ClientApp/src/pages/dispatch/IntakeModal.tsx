import { useEffect, useRef, useState } from 'react';
import { App, Button, Checkbox, Form, Input, Modal, Radio, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { submitOnCtrlEnter } from '../../lib/keys';
import { api, call } from '../../api/client';
import type { IntakeRequest } from '../../api/types';
import { showProblem } from '../../lib/feedback';
import { CallerHistory } from './CallerHistory';

type Values = {
  kind: IntakeRequest['kind'];
  title: string;
  description: string;
  address?: string;
  name?: string;
  phone?: string;
  anonymous?: boolean;
  answer?: string;
};

const kinds: IntakeRequest['kind'][] = ['Complaint', 'Enquiry', 'HelpRequest', 'Report', 'Suggestion'];

/** A fresh id per call: the same call submitted twice stays one case (intake is idempotent on channel + external id). */
function newExternalId(): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `HL-${Date.now()}-${random}`;
}

/**
 * The hotline agent's quick intake: Tab through kind, phone, name, title, description, address, then Ctrl+Enter.
 * Number keys 1–5 pick the kind while the kind has focus. The phone comes first, as the switchboard shows it when the
 * call comes in, so that the caller's earlier cases show before the agent writes up what may be one of them.
 */
export function IntakeModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (trackingNumber: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const externalId = useRef(newExternalId());
  const kind = Form.useWatch('kind', form);
  const kindBox = useRef<HTMLDivElement>(null);
  const anonymous = Form.useWatch('anonymous', form);
  const phone = Form.useWatch('phone', form);

  useEffect(() => {
    if (open) {
      form.resetFields();
      externalId.current = newExternalId();
      // Start on the kind, so that the whole form is reachable with Tab from the first key press.
      const timer = setTimeout(() => kindBox.current?.querySelector<HTMLInputElement>('input[type=radio]:checked')?.focus(), 120);
      return () => clearTimeout(timer);
    }
  }, [open, form]);

  // Set by the "answer and close" button just before it submits the form.
  const answerNow = useRef(false);

  const submit = async (values: Values) => {
    const answer = values.answer?.trim();
    if (answerNow.current && !answer) {
      form.setFields([{ name: 'answer', errors: [t('intake.answerRequired')] }]);
      return;
    }
    setBusy(true);
    try {
      const created = await call(api.POST('/api/cases', {
        body: {
          channel: 'Hotline',
          externalId: externalId.current,
          kind: values.kind,
          title: values.title.trim(),
          description: values.description.trim(),
          location: values.address?.trim() ? { address: values.address.trim() } : undefined,
          complainant: values.anonymous ? undefined : { name: values.name?.trim() || null, phone: values.phone?.trim() || null },
        },
      }));
      if (answerNow.current && answer) {
        await call(api.POST('/api/cases/{id}/answer', { params: { path: { id: created.id } }, body: { answer } }));
        void message.success(t('intake.answered', { number: created.trackingNumber }), 6);
      } else {
        void message.success(t('intake.created', { number: created.trackingNumber }), 6);
      }
      await queryClient.invalidateQueries({ queryKey: ['dispatch'] });
      onCreated(created.trackingNumber);
      onClose();
    } catch (error) {
      showProblem(error, message, t, form);
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  return (
    <Modal open={open} onCancel={onClose} title={t('intake.title')} width={640} destroyOnHidden
      footer={
        <Space>
          {kind === 'Enquiry' && (
            <Button loading={busy} onClick={() => { answerNow.current = true; form.submit(); }}>{t('intake.answerAndClose')}</Button>
          )}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => { answerNow.current = false; form.submit(); }}>{t('intake.submit')}</Button>
        </Space>
      }>
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'Complaint' }} onFinish={(v) => void submit(v)}
        onKeyDown={submitOnCtrlEnter(() => form.submit())}>
        <div ref={kindBox} onKeyDown={(e) => {
          const index = Number(e.key) - 1;
          if (e.key.length === 1 && index >= 0 && index < kinds.length) {
            e.preventDefault();
            form.setFieldsValue({ kind: kinds[index] });
            // Keep focus on the chosen button, so that Tab goes on to the title.
            setTimeout(() => kindBox.current?.querySelectorAll<HTMLInputElement>('input[type=radio]')[index]?.focus());
          }
        }}>
        <Form.Item name="kind" label={t('intake.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid"
            options={kinds.map((k, i) => ({ value: k, label: `${i + 1} ${t(`kind.${k}`)}` }))} />
        </Form.Item>
        </div>
        <Space.Compact block>
          <Form.Item name="phone" label={t('intake.phone')} style={{ flex: 1, marginRight: 8 }} validateTrigger="onBlur"
            rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('intake.phoneInvalid') }]}>
            <Input disabled={anonymous} maxLength={20} inputMode="tel" />
          </Form.Item>
          <Form.Item name="name" label={t('intake.name')} style={{ flex: 1 }}><Input disabled={anonymous} maxLength={50} /></Form.Item>
        </Space.Compact>
        <Form.Item name="anonymous" valuePropName="checked" style={{ marginTop: -12, marginBottom: 8 }}>
          <Checkbox>{t('intake.anonymous')}</Checkbox>
        </Form.Item>
        {!anonymous && <CallerHistory phone={phone} />}
        <Form.Item name="title" label={t('intake.titleField')} rules={required}><Input maxLength={200} /></Form.Item>
        <Form.Item name="description" label={t('intake.description')} rules={required}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        {kind === 'Enquiry' && (
          <Form.Item name="answer" label={t('intake.answer')}><Input.TextArea rows={2} maxLength={4000} /></Form.Item>
        )}
        <Form.Item name="address" label={t('intake.address')}><Input maxLength={300} /></Form.Item>
      </Form>
    </Modal>
  );
}

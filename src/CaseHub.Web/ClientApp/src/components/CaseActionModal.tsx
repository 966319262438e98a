import { useEffect, useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, call } from '../api/client';
import { showProblem } from '../lib/feedback';

export type CaseAction = 'remind' | 'order' | 'escalate' | 'suspend' | 'extension' | 'contact' | 'respondOrder';

type Props = {
  action: CaseAction | null;
  caseId: string;
  /** For respondOrder: the order to answer. */
  orderId?: string;
  onClose: () => void;
  onDone?: () => void;
};

const stages = ['Accept', 'FirstContact', 'Completion', 'Callback'];

/** One modal for the supervision actions on a case; each posts its own small body. */
export function CaseActionModal({ action, caseId, orderId, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (action) form.resetFields();
  }, [action, form]);

  // The case's orders still waiting for a response, so that the handler picks one instead of typing its id.
  const openOrders = useQuery({
    queryKey: ['case', caseId, 'orders'],
    enabled: action === 'respondOrder' && !orderId,
    queryFn: async () => (await call(api.GET('/api/cases/{id}/orders', { params: { path: { id: caseId } } }))).filter((o) => o.status === 'Open'),
  });

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const path = { id: caseId };
      switch (action) {
        case 'remind':
          await call(api.POST('/api/cases/{id}/reminders', { params: { path }, body: { text: values.text } }));
          break;
        case 'order':
          await call(api.POST('/api/cases/{id}/orders', {
            params: { path }, body: { demand: values.demand, dueAt: (values.dueAt as Dayjs).toISOString() },
          }));
          break;
        case 'escalate':
          await call(api.POST('/api/cases/{id}/escalate', { params: { path }, body: { note: values.note } }));
          break;
        case 'suspend':
          await call(api.POST('/api/cases/{id}/suspend', { params: { path }, body: { reason: values.reason } }));
          break;
        case 'contact':
          await call(api.POST('/api/cases/{id}/contact', { params: { path }, body: { note: values.note } }));
          break;
        case 'extension':
          await call(api.POST('/api/cases/{id}/extensions', {
            params: { path },
            body: { stage: values.stage || undefined, requestedDueAt: (values.requestedDueAt as Dayjs).toISOString(), reason: values.reason },
          }));
          break;
        case 'respondOrder':
          await call(api.POST('/api/supervision/orders/{orderId}/respond', {
            params: { path: { orderId: orderId ?? values.orderId } }, body: { response: values.response },
          }));
          break;
        default:
          return;
      }
      void message.success(t('actions.done'));
      await queryClient.invalidateQueries();
      onDone?.();
      onClose();
    } catch (error) {
      showProblem(error, message, t, form);
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  const title = action === 'respondOrder' ? t('inbox.respondOrder') : action ? t(`actions.${action}`) : '';
  return (
    <Modal open={!!action} title={title} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy}
      okText={t('common.submit')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        {action === 'remind' && (
          <Form.Item name="text" label={t('actions.reminderText')} rules={required}><Input.TextArea rows={3} autoFocus maxLength={1000} /></Form.Item>
        )}
        {action === 'order' && (
          <>
            <Form.Item name="demand" label={t('actions.demand')} rules={required}><Input.TextArea rows={3} autoFocus maxLength={2000} /></Form.Item>
            <Form.Item name="dueAt" label={t('actions.orderDue')} rules={[{ required: true, message: t('common.required') }]}
              initialValue={dayjs().add(1, 'day').hour(17).minute(30).second(0)}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {(action === 'escalate' || action === 'contact') && (
          <Form.Item name="note" label={t('actions.note')} rules={required}><Input.TextArea rows={3} autoFocus maxLength={2000} /></Form.Item>
        )}
        {action === 'suspend' && (
          <Form.Item name="reason" label={t('actions.reason')} rules={required}><Input.TextArea rows={3} autoFocus maxLength={2000} /></Form.Item>
        )}
        {action === 'extension' && (
          <>
            <Form.Item name="stage" label={t('actions.stage')}>
              <Select allowClear options={stages.map((s) => ({ value: s, label: t(`stage.${s}`) }))} />
            </Form.Item>
            <Form.Item name="requestedDueAt" label={t('actions.requestedDueAt')} rules={[{ required: true, message: t('common.required') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="reason" label={t('actions.reason')} rules={required}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
          </>
        )}
        {action === 'respondOrder' && (
          <>
            {!orderId && (
              <Form.Item name="orderId" label={t('inbox.orderId')} rules={[{ required: true, message: t('common.required') }]}
                initialValue={openOrders.data?.length === 1 ? openOrders.data[0].id : undefined}>
                <Select loading={openOrders.isPending} options={(openOrders.data ?? []).map((o) => ({
                  value: o.id, label: `${o.demand}（${dayjs(o.dueAt).format('MM-DD HH:mm')}）`,
                }))} />
              </Form.Item>
            )}
            <Form.Item name="response" label={t('inbox.response')} rules={required}><Input.TextArea rows={4} autoFocus maxLength={2000} /></Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import type { RefSelectProps } from 'antd/es/select';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { CaseSummary } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { CaseLines } from '../../components/CaseLines';
import { showProblem } from '../../lib/feedback';
import { claimIfNeeded, completeTask } from '../../lib/tasks';
import { toNumber } from '../../lib/format';
import { submitOnCtrlEnter } from '../../lib/keys';

type Values = { itemCode?: string; departmentCode?: string; reason?: string };

/** The Classify activity's default minConfidence: below it the workflow would not classify on its own either. */
const PREFILL_CONFIDENCE = 0.6;

/** Classify and dispatch one case: the item picker with the system's suggestions, the department with the rule's. */
export function DispatchDrawer({ row, onClose }: { row: CaseSummary | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [itemSearch, setItemSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const english = i18n.language === 'en-US';
  const itemPicker = useRef<RefSelectProps>(null);
  // Whether the dispatcher picked the department themselves: antd counts setFieldsValue as touching, so the form cannot say.
  const departmentChosen = useRef(false);

  const suggestions = useQuery({
    queryKey: ['case', row?.id, 'suggestions'], enabled: !!row, retry: false,
    queryFn: () => call(api.GET('/api/cases/{id}/suggestions', { params: { path: { id: row!.id } } })),
  });
  const items = useQuery({
    queryKey: ['items', itemSearch], enabled: !!row && itemSearch.trim().length > 0,
    queryFn: () => call(api.GET('/api/items', { params: { query: { q: itemSearch.trim() } } })),
  });
  // The caller's other cases: a repeat call is better merged (合并) into its first case than dispatched a second time.
  const related = useQuery({
    queryKey: ['case', row?.id, 'related'], enabled: !!row, retry: false,
    queryFn: () => call(api.GET('/api/cases/{id}/related', { params: { path: { id: row!.id } } })),
  });
  const departments = useQuery({
    queryKey: ['departments'], enabled: !!row, staleTime: 10 * 60_000,
    queryFn: () => call(api.GET('/api/departments')),
  });

  const itemCode = Form.useWatch('itemCode', form);
  // An item found by searching is not among the suggestions: ask for its rule on its own.
  const searchedItem = !!itemCode && !!suggestions.data && !suggestions.data.items.some((i) => i.code === itemCode)
    && !suggestions.data.departments.some((d) => d.itemCode === itemCode) && itemCode !== row?.itemCode;
  const searchedRule = useQuery({
    queryKey: ['case', row?.id, 'suggestions', itemCode], enabled: !!row && searchedItem, retry: false,
    queryFn: () => call(api.GET('/api/cases/{id}/suggestions', { params: { path: { id: row!.id }, query: { itemCode } } })),
  });
  const ruleFor = (code?: string) => (code
    ? suggestions.data?.departments.find((d) => d.itemCode === code) ?? searchedRule.data?.departments.find((d) => d.itemCode === code)
    : undefined);
  useEffect(() => {
    if (!row) return;
    departmentChosen.current = false;
    form.resetFields();
    form.setFieldsValue({ itemCode: row.itemCode ?? undefined, departmentCode: row.departmentCode ?? undefined });
  }, [row, form]);
  useEffect(() => {
    if (!row || !suggestions.data) return;
    const current = form.getFieldsValue();
    // A weak guess is offered, not filled in: a dispatcher working fast would otherwise send a flooded garage to the
    // police because "车" matched 交通噪音 at 25 %.
    const top = suggestions.data.items[0];
    const itemCode = current.itemCode ?? ((toNumber(top?.confidence) ?? 0) >= PREFILL_CONFIDENCE ? top?.code : undefined);
    form.setFieldsValue({ itemCode, departmentCode: current.departmentCode ?? ruleFor(itemCode)?.code });
  }, [row, suggestions.data, form]);

  const ruleDepartment = ruleFor(itemCode);
  const departmentCode = Form.useWatch('departmentCode', form);
  useEffect(() => {
    const rule = searchedRule.data?.departments.find((d) => d.itemCode === itemCode);
    if (rule && !departmentChosen.current) form.setFieldsValue({ departmentCode: rule.code });
  }, [searchedRule.data, itemCode, form]);
  /** The department follows the item's rule until the dispatcher chooses one. */
  const chooseItem = (code?: string) => {
    form.setFieldsValue({ itemCode: code });
    const rule = ruleFor(code);
    if (rule && !departmentChosen.current) form.setFieldsValue({ departmentCode: rule.code });
  };
  const overriding = !!ruleDepartment && !!departmentCode && departmentCode !== ruleDepartment.code;

  const itemOptions = useMemo(() => {
    const found = (items.data ?? []).filter((i) => i.isLeaf && i.isActive)
      .map((i) => ({ value: i.code, label: `${english ? i.nameEn : i.nameZh}（${i.code}）` }));
    const suggested = (suggestions.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }));
    const current = row?.itemCode ? [{ value: row.itemCode, label: `${row.itemName ?? ''}（${row.itemCode}）` }] : [];
    const seen = new Set<string>();
    return [...found, ...suggested, ...current].filter((o) => !seen.has(o.value) && seen.add(o.value));
  }, [items.data, suggestions.data, row, english]);

  const submit = async (values: Values) => {
    if (!row?.taskId) {
      void message.error(t('dispatch.noTask'));
      return;
    }
    setBusy(true);
    try {
      await claimIfNeeded(row.taskId, row.taskAssignee, me?.userName);
      await completeTask(row.taskId, 'Dispatched', {
        departmentCode: values.departmentCode,
        itemCode: values.itemCode || undefined,
        reason: values.reason?.trim() || undefined,
      });
      const name = departments.data?.find((d) => d.code === values.departmentCode)?.name ?? values.departmentCode;
      void message.success(t('dispatch.dispatched', { name }));
      await queryClient.invalidateQueries({ queryKey: ['dispatch'] });
      onClose();
    } catch (error) {
      showProblem(error, message, t, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={!!row} onClose={onClose} size={560} destroyOnHidden
      // The item picker takes the focus once the drawer has slid in, unless the dispatcher is already typing elsewhere
      // in it: on a slow machine the slide ends after they have started, and keys would land in the wrong field.
      afterOpenChange={(opened) => {
        if (opened && !document.activeElement?.matches('input, textarea, [contenteditable=true]')) itemPicker.current?.focus();
      }}
      title={row ? t('dispatch.drawerTitle', { title: row.trackingNumber }) : ''}
      extra={<Tooltip title="Ctrl+Enter"><Button type="primary" loading={busy} onClick={() => form.submit()}>{t('dispatch.dispatch')}</Button></Tooltip>}>
      {row && (
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('cases.title')}>{row.title}</Descriptions.Item>
            <Descriptions.Item label={t('cases.jurisdiction')}>{row.jurisdictionName ?? '—'}</Descriptions.Item>
            {row.taskAssignee && row.taskAssignee !== me?.userName && (
              <Descriptions.Item label={t('dispatch.holder')}><Tag color="orange">{t('dispatch.heldBy', { user: row.taskAssignee })}</Tag></Descriptions.Item>
            )}
          </Descriptions>
          {suggestions.data && suggestions.data.items.length > 0 && (
            <div style={{ marginBottom: 12 }}>
              <Typography.Text type="secondary">{t('dispatch.suggestions')}：</Typography.Text>
              <Space size={[4, 4]} wrap>
                {suggestions.data.items.map((s) => (
                  <Tag.CheckableTag key={s.code} checked={itemCode === s.code}
                    onChange={() => chooseItem(s.code)}>
                    {s.name} · {t('dispatch.confidence', { value: Math.round((toNumber(s.confidence) ?? 0) * 100) })}
                  </Tag.CheckableTag>
                ))}
              </Space>
            </div>
          )}
          <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} onKeyDown={submitOnCtrlEnter(() => form.submit())}>
            <Form.Item name="itemCode" label={t('dispatch.itemPicker')}>
              <Select showSearch={{ filterOption: false, onSearch: (value) => value.trim() && setItemSearch(value) }} allowClear placeholder={t('dispatch.itemSearch')}
                options={itemOptions} loading={items.isFetching} ref={itemPicker} onChange={(code?: string) => chooseItem(code)} />
            </Form.Item>
            <Form.Item name="departmentCode" label={t('dispatch.departmentPicker')} rules={[{ required: true, message: t('common.required') }]}
              extra={ruleDepartment ? `${t('dispatch.ruleSuggestion', { name: ruleDepartment.name })}（${ruleDepartment.reason}）` : undefined}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={departments.isPending} onChange={() => { departmentChosen.current = true; }}
                options={(departments.data ?? []).filter((d) => d.isActive).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))} />
            </Form.Item>
            <Form.Item name="reason" label={t('dispatch.overrideReason')} extra={t('dispatch.overrideReasonHint')} dependencies={['departmentCode']}
              required={overriding}
              rules={[({ getFieldValue }) => ({
                // Read the department at validation time: a watched value may lag one render behind the submit.
                validator: (_, value?: string) => {
                  const chosen = getFieldValue('departmentCode') as string | undefined;
                  const overrides = !!ruleDepartment && !!chosen && chosen !== ruleDepartment.code;
                  return overrides && !value?.trim() ? Promise.reject(new Error(t('dispatch.overrideReasonHelp'))) : Promise.resolve();
                },
              })]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Form>
          {suggestions.error && <Alert type="info" showIcon title={t('dispatch.suggestions') + '：' + t('common.none')} />}
          {(related.data?.items.length ?? 0) > 0 && (
            <section aria-label={t('cases.relatedLabel')} style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">{t('cases.related', { count: related.data!.items.length, more: related.data!.hasMore ? '+' : '' })}</Typography.Text>
              <CaseLines cases={related.data!.items} newTab />
            </section>
          )}
        </>
      )}
    </Drawer>
  );
}

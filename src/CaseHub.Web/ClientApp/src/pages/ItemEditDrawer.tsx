import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tooltip, TreeSelect, Typography } from 'antd';
import type { InputRef } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, problemTypes, type Schemas } from '../api/client';
import { showProblem } from '../lib/feedback';
import { orgTreeQuery, type OrgTreeNode } from '../lib/orgTree';

type ItemDto = Schemas['ItemDto'];
type TimeLimits = Schemas['StageTimeLimits'];
type LimitField = keyof TimeLimits;
type CaseKind = Schemas['CaseKind'];
type CaseGrade = Schemas['CaseGrade'];

/** The deepest level of the item list (权责事项); items above it may get children. */
export const MAX_ITEM_LEVEL = 4;

/** The stages an item may limit, with the unit each is counted in (as the case page shows its clocks). */
export const stageLimits: { stage: string; field: LimitField; unit: 'Minutes' | 'WorkingHours' | 'WorkingDays' }[] = [
  { stage: 'Dispatch', field: 'dispatchMinutes', unit: 'Minutes' },
  { stage: 'Accept', field: 'acceptWorkingHours', unit: 'WorkingHours' },
  { stage: 'FirstContact', field: 'firstContactWorkingHours', unit: 'WorkingHours' },
  { stage: 'Completion', field: 'completionWorkingDays', unit: 'WorkingDays' },
  { stage: 'Callback', field: 'callbackWorkingDays', unit: 'WorkingDays' },
];

const caseKinds: CaseKind[] = ['Enquiry', 'HelpRequest', 'Complaint', 'Report', 'Suggestion'];
const grades: CaseGrade[] = ['A', 'B', 'C'];

/** The rule editor's value for "anywhere" (a rule with no org unit); a TreeSelect cannot hold null. */
const ANYWHERE = '*';

/** One item as GET /api/items/{code} answers it, with the ETag that a save must send back as If-Match. */
export type ItemSnapshot = { detail: Schemas['ItemDetail']; etag: string | null };

async function readItem(code: string): Promise<ItemSnapshot> {
  const result = await api.GET('/api/items/{code}', { params: { path: { code } } });
  const detail = await call(Promise.resolve(result));
  return { detail, etag: result.response.headers.get('ETag') };
}

/** The query for one item's detail and ETag, shared by the page and the editor (whose reload refreshes the page too). */
export const itemQuery = (code: string) => ({
  queryKey: ['items', 'detail', code] as const,
  queryFn: () => readItem(code),
});

/** PUT /api/items/{code}: replaces the item when `ifMatch` is its ETag, creates it when there is none. */
async function saveItem(code: string, body: Schemas['ItemRecord'], ifMatch: string | null): Promise<ItemSnapshot> {
  const result = await api.PUT('/api/items/{code}', {
    params: { path: { code } }, body, headers: ifMatch ? { 'If-Match': ifMatch } : {},
  });
  const detail = await call(Promise.resolve(result));
  return { detail, etag: result.response.headers.get('ETag') };
}

type RuleValues = { orgUnitCode: string; departmentCode?: string; priority?: number | null };
type Values = {
  code?: string;
  nameZh: string;
  nameEn: string;
  kinds: CaseKind[];
  defaultGrade: CaseGrade;
  keywords: string[];
  timeLimits: Partial<Record<LimitField, number | null>>;
  isActive: boolean;
  rules: RuleValues[];
};

function valuesOf(detail: Schemas['ItemDetail']): Values {
  const { item } = detail;
  return {
    nameZh: item.nameZh, nameEn: item.nameEn, kinds: [...item.kinds], defaultGrade: item.defaultGrade, keywords: [...item.keywords],
    timeLimits: Object.fromEntries(stageLimits.map(({ field }) => [field, item.timeLimits[field] ?? null])),
    isActive: item.isActive,
    rules: detail.rules.map((r) => ({ orgUnitCode: r.orgUnitCode ?? ANYWHERE, departmentCode: r.departmentCode, priority: r.priority })),
  };
}

/** A new child starts with its parent's code as a prefix, and the parent's kinds and grade, which children mostly share. */
function childValuesOf(parent: ItemDto): Values {
  return {
    code: parent.code, nameZh: '', nameEn: '', kinds: [...parent.kinds], defaultGrade: parent.defaultGrade, keywords: [],
    timeLimits: Object.fromEntries(stageLimits.map(({ field }) => [field, null])), isActive: true, rules: [],
  };
}

/** The request body for the form's values, less parentCode and level (which the form does not change). An empty limit is null: the kind's default. */
function recordOf(values: Values): Schemas['ItemRecord'] {
  return {
    nameZh: values.nameZh?.trim() ?? '',
    nameEn: values.nameEn?.trim() ?? '',
    kinds: caseKinds.filter((k) => values.kinds?.includes(k)),
    defaultGrade: values.defaultGrade,
    keywords: [...new Set((values.keywords ?? []).map((k) => k.trim()).filter((k) => k.length > 0))],
    timeLimits: Object.fromEntries(stageLimits.map(({ field }) => [field, values.timeLimits?.[field] ?? null])),
    isActive: values.isActive ?? true,
    rules: (values.rules ?? []).map((r) => ({
      orgUnitCode: !r.orgUnitCode || r.orgUnitCode === ANYWHERE ? null : r.orgUnitCode,
      departmentCode: r.departmentCode ?? null,
      priority: r.priority ?? 0,
    })),
  };
}

const topFields = ['nameZh', 'nameEn', 'kinds', 'defaultGrade', 'keywords', 'isActive'];
const ruleFields = ['orgUnitCode', 'departmentCode', 'priority'];

/**
 * The form field a validation error's key names: `nameZh`, `timeLimits.completionWorkingDays`, `rules[1].orgUnitCode`;
 * `rules[0]` (a rule given twice) goes on that rule's department. Null for what the form has no field for (`parentCode`,
 * `level`, a rule beyond the form's), and for `code` unless the form has a code field.
 */
export function formFieldOf(key: string, ruleCount: number, hasCode: boolean): NamePath | null {
  const lower = key.toLowerCase();
  const named = (names: readonly string[], name: string) => names.find((n) => n.toLowerCase() === name.toLowerCase());
  const rule = /^rules\[(\d+)\](?:\.(\w+))?$/i.exec(key);
  if (rule) {
    const index = Number(rule[1]);
    const field = rule[2] === undefined ? 'departmentCode' : named(ruleFields, rule[2]);
    return index < ruleCount && field ? ['rules', index, field] : null;
  }
  const limit = /^timeLimits\.(\w+)$/i.exec(key);
  if (limit) {
    const field = named(stageLimits.map((s) => s.field), limit[1]);
    return field ? ['timeLimits', field] : null;
  }
  if (lower === 'code') return hasCode ? ['code'] : null;
  const top = named(topFields, key);
  return top ? [top] : null;
}

export type EditTarget =
  | { mode: 'edit'; snapshot: ItemSnapshot }
  | { mode: 'create'; parent: ItemDto };

/**
 * The item form (system admins): edits the item as it was read, or creates a child of `parent`. Ctrl+S (⌘S) saves;
 * Esc, the close button and Cancel ask before discarding changes. A 409 on an edit means someone saved the item since
 * it was read: the user's edit stays until they choose to load the latest version.
 */
export function ItemEditDrawer({ target, nameOf, onClose, onSaved }: {
  target: EditTarget;
  nameOf: (n: { nameZh: string; nameEn: string }) => string;
  onClose: () => void;
  /** After a save, with the saved item's code (the drawer is done). */
  onSaved: (code: string) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const creating = target.mode === 'create';
  const item = target.mode === 'edit' ? target.snapshot.detail.item : null;
  const parentCode = target.mode === 'edit' ? target.snapshot.detail.item.parentCode : target.parent.code;
  const level = target.mode === 'edit' ? target.snapshot.detail.item.level : target.parent.level + 1;

  const [initial] = useState<Values>(() => (target.mode === 'edit' ? valuesOf(target.snapshot.detail) : childValuesOf(target.parent)));
  // What "unchanged" means: the values the form was opened or last reloaded with.
  const baseline = useRef(initial);
  const [etag, setEtag] = useState(target.mode === 'edit' ? target.snapshot.etag : null);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const saving = useRef(false);
  const confirming = useRef(false);
  const firstField = useRef<InputRef>(null);

  const departments = useQuery({ queryKey: ['departments'], staleTime: 10 * 60_000, queryFn: () => call(api.GET('/api/departments')) });
  const orgTree = useQuery(orgTreeQuery);

  const departmentOptions = useMemo(() => (departments.data ?? []).map((d) => ({
    value: d.code, label: `${d.name}（${d.code}）${d.isActive ? '' : ` · ${t('items.inactive')}`}`,
  })), [departments.data, t]);
  const areaTree = useMemo(() => {
    type AreaNode = { value: string; title: string; children: AreaNode[] };
    const toData = (nodes: readonly OrgTreeNode[]): AreaNode[] =>
      nodes.map((n) => ({ value: n.code, title: `${n.name}（${n.code}）`, children: toData(n.children) }));
    return [{ value: ANYWHERE, title: t('items.anywhere'), children: [] }, ...toData(orgTree.data ?? [])];
  }, [orgTree.data, t]);
  // The city and its districts open, so that the streets (where most rules sit) show without searching.
  const openAreas = useMemo(() => (orgTree.data ?? []).flatMap((city) => [city.code, ...city.children.map((d) => d.code)]), [orgTree.data]);

  const changed = () => {
    const now = form.getFieldsValue(true) as Values;
    return JSON.stringify([now.code?.trim() ?? '', recordOf(now)]) !== JSON.stringify([baseline.current.code?.trim() ?? '', recordOf(baseline.current)]);
  };

  const requestClose = () => {
    if (confirming.current) return;
    if (!changed()) {
      onClose();
      return;
    }
    confirming.current = true;
    modal.confirm({
      title: t('items.editor.discardTitle'), content: t('items.editor.discardText'),
      okText: t('items.editor.discard'), okButtonProps: { danger: true }, cancelText: t('items.editor.keepEditing'),
      onOk: () => { confirming.current = false; onClose(); },
      onCancel: () => { confirming.current = false; },
    });
  };

  // Ctrl+S (⌘S on a Mac) saves from anywhere in the drawer, instead of the browser saving the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (!confirming.current) form.submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [form]);

  const save = async (values: Values) => {
    if (saving.current) return;
    saving.current = true;
    setBusy(true);
    setOtherErrors([]);
    const code = creating ? (values.code ?? '').trim() : item!.code;
    try {
      const saved = await saveItem(code, { parentCode, level, ...recordOf(values) }, creating ? null : etag);
      queryClient.setQueryData(itemQuery(code).queryKey, saved);
      void message.success(creating ? t('items.editor.created', { code }) : t('items.editor.saved'));
      onSaved(code);
      void queryClient.invalidateQueries({ queryKey: ['items'] });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.problem.errors) {
        const fields: { name: NamePath; errors: string[] }[] = [];
        const other: string[] = [];
        for (const [key, reasons] of Object.entries(error.problem.errors)) {
          const name = formFieldOf(key, values.rules?.length ?? 0, creating);
          if (name) fields.push({ name, errors: reasons });
          else other.push(...reasons.map((r) => `${key}: ${r}`));
        }
        form.setFields(fields);
        setOtherErrors(other);
        if (fields[0]) form.scrollToField(fields[0].name);
        void message.error(t('items.editor.invalid'));
      } else if (error instanceof ApiError && creating && error.problem.type === problemTypes.alreadyExists) {
        form.setFields([{ name: 'code', errors: [error.problem.detail || t('items.editor.codeExists', { code })] }]);
        form.scrollToField('code');
      } else if (error instanceof ApiError && !creating && error.problem.type === problemTypes.stale) {
        setConflict(true);
      } else {
        showProblem(error, message, t);
      }
    } finally {
      saving.current = false;
      setBusy(false);
    }
  };

  /** Loads the item as it is now, discarding the user's edit (they asked for it), and saves against its new ETag from then on. */
  const reload = async () => {
    if (!item) return;
    setReloading(true);
    try {
      const latest = await queryClient.fetchQuery({ ...itemQuery(item.code), staleTime: 0 });
      const values = valuesOf(latest.detail);
      form.resetFields();
      form.setFieldsValue(values);
      baseline.current = values;
      setEtag(latest.etag);
      setConflict(false);
      setOtherErrors([]);
      void message.info(t('items.editor.reloaded'));
    } catch (error) {
      showProblem(error, message, t);
    } finally {
      setReloading(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('common.required') };
  const title = target.mode === 'edit'
    ? t('items.editor.editTitle', { code: target.snapshot.detail.item.code, name: nameOf(target.snapshot.detail.item) })
    : t('items.editor.createTitle', { code: target.parent.code, name: nameOf(target.parent) });

  return (
    <Drawer open size={720} title={title} onClose={requestClose}
      // The first field takes the focus once the drawer has slid in, unless the user is already typing in another.
      afterOpenChange={(opened) => {
        if (opened && !document.activeElement?.matches('input, textarea, [contenteditable=true]')) firstField.current?.focus();
      }}
      footer={(
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={requestClose}>{t('common.cancel')}</Button>
          <Tooltip title="Ctrl+S">
            <Button type="primary" loading={busy} onClick={() => form.submit()}>{t('common.save')}</Button>
          </Tooltip>
        </Space>
      )}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {conflict && (
          <Alert type="warning" showIcon role="alert" title={t('items.editor.conflict')} description={t('items.editor.conflictText')}
            action={<Button size="small" loading={reloading} onClick={() => void reload()}>{t('items.editor.reload')}</Button>} />
        )}
        {otherErrors.length > 0 && (
          <Alert type="error" showIcon role="alert" title={t('items.editor.otherErrors')}
            description={<ul style={{ margin: 0, paddingLeft: 18 }}>{otherErrors.map((e) => <li key={e}>{e}</li>)}</ul>} />
        )}
        <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)}>
          {creating && (
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="code" label={t('items.code')} rules={[required]} extra={t('items.editor.codeHint', { parent: parentCode })}>
                  <Input ref={firstField} maxLength={32} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label={t('items.level')}>
                  <Typography.Text>{t(`items.levels.${level}` as 'items.levels.1', { defaultValue: String(level) })}</Typography.Text>
                </Form.Item>
              </Col>
            </Row>
          )}
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="nameZh" label={t('items.nameZh')} rules={[required]}>
                <Input ref={creating ? undefined : firstField} maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="nameEn" label={t('items.nameEn')} rules={[required]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="kinds" label={t('items.kinds')}>
            <Checkbox.Group options={caseKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
          <Row gutter={12}>
            <Col flex="auto">
              <Form.Item name="defaultGrade" label={t('items.grade')}>
                <Radio.Group optionType="button" options={grades.map((g) => ({ value: g, label: t(`items.grades.${g}`) }))} />
              </Form.Item>
            </Col>
            <Col flex="none">
              <Form.Item name="isActive" label={t('items.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="keywords" label={t('items.keywords')} extra={t('items.editor.keywordsHint')}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} notFoundContent={null} suffixIcon={null} aria-label={t('items.keywords')} />
          </Form.Item>
          <Card size="small" title={t('items.timeLimits')} extra={<Typography.Text type="secondary">{t('items.editor.limitsHint')}</Typography.Text>}
            style={{ marginBottom: 16 }}>
            <Row gutter={12}>
              {stageLimits.map(({ stage, field, unit }) => (
                <Col span={8} key={field}>
                  <Form.Item name={['timeLimits', field]} label={t(`stage.${stage}` as 'stage.Dispatch')} style={{ marginBottom: 8 }}>
                    <InputNumber min={0} precision={0} suffix={t(`unit.${unit}`)} placeholder={t('items.byKind')} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <Card size="small" title={t('items.rules')}
                extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({ orgUnitCode: ANYWHERE, priority: 0 })}>{t('items.editor.addRule')}</Button>}>
                {fields.length === 0 ? <Typography.Text type="secondary">{t('items.editor.noRules')}</Typography.Text> : (
                  <>
                    <div style={{ display: 'flex', gap: 8, marginBottom: 4 }}>
                      <Typography.Text type="secondary" style={{ flex: 1 }}>{t('items.editor.area')}</Typography.Text>
                      <Typography.Text type="secondary" style={{ flex: 1 }}>{t('items.editor.department')}</Typography.Text>
                      <Typography.Text type="secondary" style={{ width: 88 }}>{t('items.priority')}</Typography.Text>
                      <span style={{ width: 32 }} />
                    </div>
                    {fields.map(({ key, name }) => (
                      <div key={key} data-testid={`rule-${name}`} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                        <Form.Item name={[name, 'orgUnitCode']} style={{ flex: 1, minWidth: 0, marginBottom: 8 }}>
                          <TreeSelect treeData={areaTree} showSearch={{ treeNodeFilterProp: 'title' }} loading={orgTree.isPending} listHeight={320}
                            treeDefaultExpandedKeys={openAreas} aria-label={`${t('items.editor.area')} ${name + 1}`} />
                        </Form.Item>
                        <Form.Item name={[name, 'departmentCode']} rules={[{ required: true, message: t('common.required') }]}
                          style={{ flex: 1, minWidth: 0, marginBottom: 8 }}>
                          <Select showSearch={{ optionFilterProp: 'label' }} options={departmentOptions} loading={departments.isPending}
                            placeholder={t('items.editor.departmentSearch')} aria-label={`${t('items.editor.department')} ${name + 1}`} />
                        </Form.Item>
                        <Form.Item name={[name, 'priority']} style={{ width: 88, marginBottom: 8 }}>
                          <InputNumber precision={0} style={{ width: '100%' }} aria-label={`${t('items.priority')} ${name + 1}`} />
                        </Form.Item>
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(name)}
                          aria-label={`${t('items.editor.removeRule')} ${name + 1}`} />
                      </div>
                    ))}
                  </>
                )}
              </Card>
            )}
          </Form.List>
        </Form>
      </Space>
    </Drawer>
  );
}

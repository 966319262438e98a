/** The property editors the panel builds from input descriptors. */
import { useMemo, useState } from 'react';
import { AutoComplete, Button, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import {
  compileCondition, conditionFields, operatorsFor, parseCondition, type Condition, type ConditionRow, type Operator,
} from '../../designer/condition';
import { durationUnits, formatDuration, parseDuration, type DurationUnit } from '../../designer/duration';
import { checkExpression } from '../../designer/javascript';
import type { SwitchCase } from '../../designer/document';

export function DurationInput({ id, value, onChange, disabled }: { id?: string; value: string; onChange: (v: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const parsed = value ? parseDuration(value) : null;
  // Centres count their limits in working days, so a new duration starts there.
  const [unit, setUnit] = useState<DurationUnit>(parsed?.unit ?? 'workingDays');
  const shownUnit = parsed?.unit ?? unit;
  return (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber id={id} min={0} value={parsed?.amount ?? null} disabled={disabled} style={{ width: '55%' }}
        status={value && !parsed ? 'error' : undefined}
        onChange={(amount) => onChange(amount === null || amount === undefined ? '' : formatDuration({ amount: Number(amount), unit: shownUnit }))} />
      <Select value={shownUnit} disabled={disabled} style={{ width: '45%' }} aria-label={t('designer.duration.unit')}
        options={durationUnits.map((u) => ({ value: u, label: t(`designer.duration.${u}`) }))}
        onChange={(u) => { setUnit(u); if (parsed) onChange(formatDuration({ amount: parsed.amount, unit: u })); }} />
    </Space.Compact>
  );
}

/** A JavaScript expression with a live syntax and allow-list check (the browser parses it; nothing runs). */
export function ScriptEditor({ value, onChange, disabled, rows = 3 }: { value: string; onChange: (v: string) => void; disabled?: boolean; rows?: number }) {
  const { t } = useTranslation();
  const problems = useMemo(() => checkExpression(value), [value]);
  return (
    <div>
      <Input.TextArea value={value} rows={rows} disabled={disabled} spellCheck={false} onChange={(e) => onChange(e.target.value)}
        style={{ fontFamily: 'ui-monospace, Consolas, monospace', fontSize: 12 }} status={problems.length ? 'error' : undefined}
        aria-label={t('designer.script')} />
      {problems.length === 0
        ? <Typography.Text type="success" style={{ fontSize: 12 }}>✓ {t('designer.scriptOk')}</Typography.Text>
        : problems.map((p) => (
          <div key={`${p.key}${p.detail ?? ''}`}><Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="script-problem">
            {t(`designer.scriptProblem.${p.key}`, { detail: p.detail ?? '' })}
          </Typography.Text></div>
        ))}
    </div>
  );
}

function ConditionRowEditor({ row, onChange, onRemove, disabled }: {
  row: ConditionRow; onChange: (r: ConditionRow) => void; onRemove: () => void; disabled?: boolean;
}) {
  const { t } = useTranslation();
  const field = conditionFields.find((f) => f.path === row.field) ?? conditionFields[0];
  const ops = operatorsFor[field.kind];
  return (
    <Space.Compact style={{ width: '100%', marginBottom: 4 }}>
      <Select value={row.field} disabled={disabled} style={{ width: '38%' }} aria-label={t('designer.condition.field')} popupMatchSelectWidth={false}
        options={conditionFields.map((f) => ({ value: f.path, label: t(`designer.condition.fields.${f.path}`, { defaultValue: f.path }) }))}
        onChange={(path) => {
          const next = conditionFields.find((f) => f.path === path)!;
          onChange({ field: path, op: operatorsFor[next.kind][0], value: '' });
        }} />
      <Select value={row.op} disabled={disabled} style={{ width: '26%' }} aria-label={t('designer.condition.operator')} popupMatchSelectWidth={false}
        options={ops.map((op) => ({ value: op, label: t(`designer.condition.ops.${op}`) }))}
        onChange={(op: Operator) => onChange({ ...row, op })} />
      {field.kind === 'boolean' ? <Input disabled style={{ width: '28%' }} /> : field.options ? (
        <Select value={row.value || undefined} disabled={disabled} style={{ width: '28%' }} aria-label={t('designer.condition.value')} popupMatchSelectWidth={false}
          options={field.options.map((o) => ({ value: o, label: t(`kind.${o}`, { defaultValue: t(`channel.${o}`, { defaultValue: o }) }) }))}
          onChange={(value: string) => onChange({ ...row, value })} />
      ) : (
        <Input value={row.value} disabled={disabled} style={{ width: '28%' }} aria-label={t('designer.condition.value')}
          status={field.kind === 'number' && row.value !== '' && !Number.isFinite(Number(row.value)) ? 'error' : undefined}
          onChange={(e) => onChange({ ...row, value: e.target.value })} />
      )}
      <Button icon={<DeleteOutlined />} disabled={disabled} onClick={onRemove} aria-label={t('designer.cases.remove')} />
    </Space.Compact>
  );
}

/** Condition rows joined by AND or OR, compiled to the expression; text the builder did not write opens as JavaScript. */
export function ConditionEditor({ value, onChange, disabled, allowScript }: {
  value: string; onChange: (v: string) => void; disabled?: boolean; allowScript: boolean;
}) {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseCondition(value), [value]);
  const [draft, setDraft] = useState<Condition | null>(parsed);
  const [script, setScript] = useState(parsed === null);
  // Keep incomplete rows (which compile to nothing) while the admin is still typing them.
  const condition = draft && compileCondition(draft) === value.trim() ? draft : parsed;
  const update = (next: Condition) => { setDraft(next); onChange(compileCondition(next)); };

  if (script || !condition) {
    return (
      <div>
        {!condition && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('designer.condition.notBuildable')}</Typography.Text>}
        <ScriptEditor value={value} onChange={onChange} disabled={disabled || !allowScript} />
        {condition && <Button size="small" type="link" onClick={() => setScript(false)}>{t('designer.useForm')}</Button>}
      </div>
    );
  }
  return (
    <div data-testid="condition-builder">
      <Radio.Group size="small" value={condition.join} disabled={disabled} style={{ marginBottom: 6 }}
        onChange={(e) => update({ ...condition, join: e.target.value as 'and' | 'or' })}
        options={[{ value: 'and', label: t('designer.condition.and') }, { value: 'or', label: t('designer.condition.or') }]} optionType="button" />
      {condition.rows.map((row, i) => (
        <ConditionRowEditor key={i} row={row} disabled={disabled}
          onChange={(r) => update({ ...condition, rows: condition.rows.map((x, j) => (j === i ? r : x)) })}
          onRemove={() => update({ ...condition, rows: condition.rows.filter((_, j) => j !== i) })} />
      ))}
      <Space>
        <Button size="small" icon={<PlusOutlined />} disabled={disabled}
          onClick={() => update({ ...condition, rows: [...condition.rows, { field: 'c.kind', op: 'eq', value: '' }] })}>
          {t('designer.condition.addRow')}
        </Button>
        {allowScript && <Button size="small" type="link" onClick={() => setScript(true)}>{t('designer.scriptAdvanced')}</Button>}
      </Space>
      {value && <div><Typography.Text code style={{ fontSize: 11 }}>{value}</Typography.Text></div>}
    </div>
  );
}

export function SwitchCasesEditor({ value, onChange, disabled, allowScript }: {
  value: SwitchCase[]; onChange: (v: SwitchCase[]) => void; disabled?: boolean; allowScript: boolean;
}) {
  const { t } = useTranslation();
  const set = (i: number, c: SwitchCase) => onChange(value.map((x, j) => (j === i ? c : x)));
  return (
    <div>
      {value.map((c, i) => (
        <div key={i} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 6, marginBottom: 6 }}>
          <Space.Compact style={{ width: '100%', marginBottom: 4 }}>
            <Input value={c.label} disabled={disabled} placeholder={t('designer.cases.label')} status={c.label.trim() ? undefined : 'error'}
              onChange={(e) => set(i, { ...c, label: e.target.value })} />
            <Button icon={<DeleteOutlined />} disabled={disabled} onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={t('designer.cases.remove')} />
          </Space.Compact>
          <ConditionEditor value={c.condition?.value ?? ''} disabled={disabled} allowScript={allowScript}
            onChange={(v) => set(i, { ...c, condition: { type: 'JavaScript', value: v } })} />
        </div>
      ))}
      <Button size="small" icon={<PlusOutlined />} disabled={disabled}
        onClick={() => onChange([...value, { label: t('designer.cases.defaultLabel', { n: value.length + 1 }), condition: { type: 'JavaScript', value: '' } }])}>
        {t('designer.cases.add')}
      </Button>
    </div>
  );
}

/**
 * Departments from the organisation API. A task's candidate group takes `dept:<code>` or a queue name such as
 * `review`; other inputs take the bare code.
 */
export function DepartmentPicker({ id, value, onChange, multiple, queue, disabled, placeholder }: {
  id?: string; value: string | string[]; onChange: (v: string | string[]) => void; multiple: boolean; queue: boolean; disabled?: boolean; placeholder?: string;
}) {
  const { t } = useTranslation();
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => call(api.GET('/api/departments')), staleTime: 300_000 });
  const options = (departments.data ?? []).filter((d) => d.isActive)
    .map((d) => ({ value: queue ? `dept:${d.code}` : d.code, label: `${d.name} (${d.code})` }));
  if (multiple) {
    return <Select id={id} mode="tags" value={value as string[]} onChange={onChange} disabled={disabled} options={options} loading={departments.isLoading}
      placeholder={t('designer.pickDepartment')} optionFilterProp="label" style={{ width: '100%' }} />;
  }
  return (
    <AutoComplete id={id} value={value as string} onChange={(v: string) => onChange(v)} disabled={disabled} options={options}
      placeholder={placeholder ?? t('designer.pickDepartment')} aria-label={placeholder} style={{ width: '100%' }} allowClear
      filterOption={(input, option) => `${option?.label ?? ''} ${option?.value ?? ''}`.toLowerCase().includes(input.toLowerCase())}
      optionRender={(o) => o.label} />
  );
}

export function ItemPicker({ value, onChange, disabled }: { value: string; onChange: (v: string) => void; disabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const items = useQuery({
    queryKey: ['items', q], staleTime: 60_000,
    queryFn: () => call(api.GET('/api/items', { params: { query: { q: q || undefined } } })),
  });
  const english = i18n.language.startsWith('en');
  const rows = (items.data ?? []) as { code: string; nameZh: string; nameEn: string; isLeaf?: boolean }[];
  return (
    <Select showSearch value={value || undefined} onChange={onChange} onSearch={setQ} filterOption={false} allowClear disabled={disabled}
      placeholder={t('designer.pickItem')} loading={items.isFetching} style={{ width: '100%' }}
      options={rows.slice(0, 50).map((i) => ({ value: i.code, label: `${i.code} ${english ? i.nameEn : i.nameZh}` }))} />
  );
}

export function OrgUnitPicker({ value, onChange, disabled }: { value: string; onChange: (v: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const units = useQuery({ queryKey: ['org-units'], staleTime: 300_000, queryFn: () => call(api.GET('/api/org-units')) });
  const rows = (units.data ?? []) as { code: string; name: string }[];
  return (
    <Select showSearch value={value || undefined} onChange={onChange} allowClear disabled={disabled} optionFilterProp="label"
      placeholder={t('designer.pickOrgUnit')} loading={units.isLoading} style={{ width: '100%' }}
      options={rows.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))} />
  );
}

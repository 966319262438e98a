import { Alert, Button, Form, Input, InputNumber, Select, Switch, Tag, Tooltip, Typography } from 'antd';
import { CodeOutlined, FormOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  inputText, isObject, missingRequired, outcomesOf, parseStringList, readInput, switchCases, writeInput,
  type ActivityJson, type Descriptor, type InputDescriptor, type Json,
} from '../../designer/document';
import { ConditionEditor, DepartmentPicker, DurationInput, ItemPicker, OrgUnitPicker, ScriptEditor, SwitchCasesEditor } from './editors';

type Props = { activity: ActivityJson; descriptor: Descriptor | undefined; editable: boolean; onChange: (a: ActivityJson) => void };

/** The selected activity's properties, with an editor per input built from its descriptor. */
export function PropertyPanel({ activity, descriptor, editable, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const english = i18n.language.startsWith('en');
  const local = (text: { zhCN: string; enUS: string } | null | undefined) => (text ? (english ? text.enUS : text.zhCN) : '');
  const missing = new Set(missingRequired(activity, descriptor));
  const outcomes = outcomesOf(activity, descriptor);

  return (
    <Form layout="vertical" size="small" data-testid="property-panel" requiredMark>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Tag color={descriptor ? 'blue' : 'red'}>{descriptor ? local(descriptor.displayName) : activity.type}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{descriptor ? local(descriptor.description) : t('designer.unknownType')}</Typography.Text>
      </Typography.Paragraph>
      <Form.Item label={t('designer.activityId')} style={{ marginBottom: 8 }}>
        <Input value={activity.id} disabled />
      </Form.Item>
      <Form.Item label={t('designer.activityName')} style={{ marginBottom: 8 }} htmlFor="designer-activity-name">
        <Input id="designer-activity-name" value={typeof activity.name === 'string' ? activity.name : ''} disabled={!editable} data-testid="input-name"
          onChange={(e) => onChange({ ...activity, name: e.target.value })} />
      </Form.Item>
      {descriptor?.inputs.map((input) => (
        <Form.Item key={input.name} label={local(input.displayName)} required={input.required} style={{ marginBottom: 10 }} htmlFor={fieldId(input)}
          validateStatus={missing.has(input.name) ? 'error' : undefined}
          help={missing.has(input.name) ? t('designer.requiredMissing', { field: local(input.displayName) }) : local(input.description) || undefined}>
          <InputEditor input={input} activity={activity} editable={editable} onChange={onChange} />
        </Form.Item>
      ))}
      {outcomes.length > 0 && (
        <Form.Item label={t('designer.outcomes')}>
          {outcomes.map((o) => <Tag key={o.name}>{english ? o.enUS : o.zhCN}</Tag>)}
        </Form.Item>
      )}
      {!descriptor && <Alert type="warning" showIcon title={t('designer.unknownType')} />}
    </Form>
  );
}

const fieldId = (input: InputDescriptor) => `designer-input-${input.name}`;

/** A literal's text as the JavaScript expression with the same value. */
function asScript(input: InputDescriptor, text: string): string {
  if (input.typeName === 'String' || input.typeName === 'TimeSpan') return JSON.stringify(text);
  return text === '' ? 'undefined' : text;
}

function InputEditor({ input, activity, editable, onChange }: {
  input: InputDescriptor; activity: ActivityJson; editable: boolean; onChange: (a: ActivityJson) => void;
}) {
  const { t } = useTranslation();
  const current = readInput(activity, input.name);
  const isScript = current?.type === 'JavaScript';
  const text = inputText(activity, input.name);
  const set = (value: Json, type: 'Literal' | 'JavaScript' = 'Literal') => onChange(writeInput(activity, input, value, type));
  const disabled = !editable;

  if (!input.isExpression) {
    if (input.uiHint === 'switch-cases') {
      return <SwitchCasesEditor value={switchCases(activity, input.name)} disabled={disabled} allowScript={editable}
        onChange={(cases) => set(cases.map((c) => ({ label: c.label, condition: c.condition ?? { type: 'JavaScript', value: '' } })))} />;
    }
    const raw = activity[input.name];
    const shown = typeof raw === 'string' ? raw : isObject(raw) || Array.isArray(raw) ? JSON.stringify(raw) : '';
    return <Input value={shown} disabled={disabled} onChange={(e) => set(e.target.value)} />;
  }

  // A condition is an expression by nature: the builder writes JavaScript.
  if (input.uiHint === 'code') {
    return <ConditionEditor value={text} disabled={disabled} allowScript={editable} onChange={(v) => set(v, 'JavaScript')} />;
  }

  const toggle = editable && (
    <Tooltip title={isScript ? t('designer.useForm') : t('designer.useScript')}>
      <Button size="small" type="text" icon={isScript ? <FormOutlined /> : <CodeOutlined />} style={{ float: 'right', marginTop: -26 }}
        aria-label={isScript ? t('designer.useForm') : t('designer.useScript')}
        onClick={() => (isScript ? set('') : set(asScript(input, text), 'JavaScript'))} />
    </Tooltip>
  );
  if (isScript) return <>{toggle}<ScriptEditor value={text} disabled={disabled} onChange={(v) => set(v, 'JavaScript')} /></>;

  const list = input.typeName.endsWith('[]');
  let editor: React.ReactNode;
  switch (input.uiHint) {
    case 'multiline':
      editor = <Input.TextArea id={fieldId(input)} value={text} rows={3} disabled={disabled} onChange={(e) => set(e.target.value)} />;
      break;
    case 'checkbox':
      editor = <Switch id={fieldId(input)} checked={text.toLowerCase() === 'true'} disabled={disabled} onChange={(v) => set(v ? 'true' : 'false')} />;
      break;
    case 'number':
      editor = <InputNumber id={fieldId(input)} value={text === '' ? null : Number(text)} disabled={disabled} style={{ width: '100%' }}
        onChange={(v) => set(v === null || v === undefined ? '' : String(v))} />;
      break;
    case 'dropdown':
      editor = <Select id={fieldId(input)} value={text || undefined} disabled={disabled} allowClear={!input.required} style={{ width: '100%' }}
        options={(input.options ?? []).map((o) => ({ value: o, label: o }))} onChange={(v: string | undefined) => set(v ?? '')} />;
      break;
    case 'duration':
      editor = <DurationInput id={fieldId(input)} value={text} disabled={disabled} onChange={(v) => set(v)} />;
      break;
    case 'string-list':
      editor = <Select mode="tags" value={parseStringList(text)} disabled={disabled} style={{ width: '100%' }} open={false}
        placeholder={t('designer.outcomeList')} tokenSeparators={[',', '，']}
        onChange={(v: string[]) => set(v.length ? JSON.stringify(v) : '')} />;
      break;
    case 'json': {
      let valid = true;
      try { if (text) JSON.parse(text); } catch { valid = false; }
      editor = <>
        <Input.TextArea value={text} rows={3} disabled={disabled} status={valid ? undefined : 'error'} style={{ fontFamily: 'monospace', fontSize: 12 }}
          onChange={(e) => set(e.target.value)} />
        {!valid && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('designer.jsonInvalid')}</Typography.Text>}
      </>;
      break;
    }
    case 'department-picker':
      editor = <DepartmentPicker id={fieldId(input)} multiple={list} queue={input.name === 'candidateGroup'} disabled={disabled}
        value={list ? parseStringList(text) : text}
        onChange={(v) => set(Array.isArray(v) ? (v.length ? JSON.stringify(v) : '') : v)} />;
      break;
    case 'item-picker':
      editor = <ItemPicker value={text} disabled={disabled} onChange={(v) => set(v ?? '')} />;
      break;
    case 'org-unit-picker':
      editor = <OrgUnitPicker value={text} disabled={disabled} onChange={(v) => set(v ?? '')} />;
      break;
    default:
      editor = <Input id={fieldId(input)} value={text} disabled={disabled} onChange={(e) => set(e.target.value)} />;
  }
  return <>{toggle}{editor}</>;
}

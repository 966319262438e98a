/**
 * The condition builder: rows of field / operator / value joined by AND or OR, compiled to a JavaScript expression
 * the engine's allow-list accepts (member access on `c`, comparisons, `indexOf`, `&&`, `||`), and parsed back when
 * the text is one the builder wrote. Anything else stays in the JavaScript editor.
 */

export type FieldKind = 'string' | 'number' | 'boolean';
export type ConditionField = { path: string; kind: FieldKind; options?: readonly string[] };

/** What the engine exposes about the case as `c` (see CaseExpressionGlobals on the server). */
export const conditionFields: readonly ConditionField[] = [
  { path: 'c.kind', kind: 'string', options: ['Enquiry', 'HelpRequest', 'Complaint', 'Report', 'Suggestion'] },
  { path: 'c.channel', kind: 'string', options: ['Hotline', 'CitizenApp', 'GridPatrol', 'Whistle', 'Sensor', 'PublicOpinion', 'Open311'] },
  { path: 'c.grade', kind: 'string', options: ['A', 'B', 'C'] },
  { path: 'c.status', kind: 'string' },
  { path: 'c.itemCode', kind: 'string' },
  { path: 'c.departmentCode', kind: 'string' },
  { path: 'c.returnCount', kind: 'number' },
  { path: 'c.located', kind: 'boolean' },
];

export type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'startsWith' | 'contains' | 'isTrue' | 'isFalse';
export const operatorsFor: Record<FieldKind, Operator[]> = {
  string: ['eq', 'ne', 'startsWith', 'contains'],
  number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  boolean: ['isTrue', 'isFalse'],
};

export type ConditionRow = { field: string; op: Operator; value: string };
export type Condition = { join: 'and' | 'or'; rows: ConditionRow[] };

const symbols: Partial<Record<Operator, string>> = { eq: '===', ne: '!==', gt: '>', ge: '>=', lt: '<', le: '<=' };

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fieldOf(path: string): ConditionField {
  return conditionFields.find((f) => f.path === path) ?? { path, kind: 'string' };
}

/** A row the builder cannot compile yet (no field, or no value where one is needed). */
export function rowComplete(row: ConditionRow): boolean {
  if (!row.field) return false;
  if (row.op === 'isTrue' || row.op === 'isFalse') return true;
  if (fieldOf(row.field).kind === 'number') return row.value.trim() !== '' && Number.isFinite(Number(row.value));
  return true;
}

export function compileRow(row: ConditionRow): string {
  const field = fieldOf(row.field);
  switch (row.op) {
    case 'isTrue': return `${row.field} === true`;
    case 'isFalse': return `${row.field} === false`;
    case 'startsWith': return `${row.field}.indexOf(${quote(row.value)}) === 0`;
    case 'contains': return `${row.field}.indexOf(${quote(row.value)}) >= 0`;
    default: {
      const value = field.kind === 'number' ? String(Number(row.value)) : quote(row.value);
      return `${row.field} ${symbols[row.op]} ${value}`;
    }
  }
}

/** The expression for the rows that are complete; '' when there are none. */
export function compileCondition(condition: Condition): string {
  const parts = condition.rows.filter(rowComplete).map(compileRow);
  return parts.join(condition.join === 'and' ? ' && ' : ' || ');
}

const stringLiteral = String.raw`'((?:[^'\\]|\\.)*)'`;
const path = String.raw`(c\.[A-Za-z_$][\w$]*)`;
const rowPatterns: [RegExp, (m: RegExpMatchArray) => ConditionRow][] = [
  [new RegExp(`^${path} === (true|false)$`), (m) => ({ field: m[1], op: m[2] === 'true' ? 'isTrue' : 'isFalse', value: '' })],
  [new RegExp(`^${path}\\.indexOf\\(${stringLiteral}\\) === 0$`), (m) => ({ field: m[1], op: 'startsWith', value: unquote(m[2]) })],
  [new RegExp(`^${path}\\.indexOf\\(${stringLiteral}\\) >= 0$`), (m) => ({ field: m[1], op: 'contains', value: unquote(m[2]) })],
  [new RegExp(`^${path} (===|!==|==|!=|>=|<=|>|<) (?:${stringLiteral}|(-?\\d+(?:\\.\\d+)?))$`), (m) => ({
    field: m[1],
    op: ({ '===': 'eq', '==': 'eq', '!==': 'ne', '!=': 'ne', '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' } as const)[m[2] as '==='],
    value: m[3] !== undefined ? unquote(m[3]) : m[4],
  })],
];

function unquote(body: string): string {
  return body.replace(/\\(.)/g, '$1');
}

/** Splits on a top-level `&&` or `||` outside string literals. */
function split(text: string, separator: '&&' | '||'): string[] {
  const parts: string[] = [];
  let [start, inString] = [0, false];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === "'") inString = false;
    } else if (ch === "'") inString = true;
    else if (text.startsWith(separator, i)) {
      parts.push(text.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** The builder's rows for an expression it could have written, or null when the text needs the JavaScript editor. */
export function parseCondition(text: string): Condition | null {
  const source = text.trim().replace(/;$/, '').trim();
  if (source === '') return { join: 'and', rows: [] };
  const ands = split(source, '&&');
  const ors = split(source, '||');
  if (ands.length > 1 && ors.length > 1) return null;
  const join = ors.length > 1 ? 'or' : 'and';
  const rows: ConditionRow[] = [];
  for (const part of join === 'or' ? ors : ands) {
    const match = rowPatterns.map(([re, make]) => {
      const m = part.match(re);
      return m ? make(m) : null;
    }).find((r) => r !== null);
    if (!match) return null;
    rows.push(match);
  }
  return { join, rows };
}

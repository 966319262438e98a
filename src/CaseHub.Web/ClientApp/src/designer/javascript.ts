/**
 * A live check of an expression in the browser: the syntax (parsed by the browser through `new Function`, never
 * called) and the main rules of the engine's allow-list (JavaScriptGuard on the server, which has the last word
 * when the draft is validated).
 */

export const allowedGlobals = [
  'c', 'variables', 'input', 'outputs', 'getVariable', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'Number', 'String',
  'Boolean', 'Math', 'undefined', 'NaN', 'Infinity',
];
const functions = new Set(['getVariable', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'Number', 'String', 'Boolean']);
const methods = new Set([
  'charAt', 'charCodeAt', 'indexOf', 'lastIndexOf', 'substring', 'substr', 'slice', 'toLowerCase', 'toUpperCase', 'trim',
  'localeCompare', 'toString', 'toFixed', 'join', 'hasOwnProperty',
]);
const mathFunctions = new Set(['abs', 'acos', 'asin', 'atan', 'atan2', 'ceil', 'cos', 'exp', 'floor', 'log', 'max', 'min', 'pow', 'round', 'sin', 'sqrt', 'tan']);
const forbiddenMembers = new Set(['constructor', 'prototype', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'caller', 'callee', 'arguments']);
const forbiddenWords = new Set(['var', 'let', 'const', 'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'try', 'catch', 'finally', 'throw', 'with',
  'function', 'return', 'new', 'this', 'delete', 'void', 'instanceof', 'class', 'import', 'export', 'yield', 'await', 'async', 'debugger']);
const literalWords = new Set(['true', 'false', 'null', 'typeof', 'in']);

export type ScriptProblem = { key: string; detail?: string };

type Token = { kind: 'name' | 'string' | 'number' | 'punct'; text: string };

function tokenize(code: string): Token[] | null {
  const tokens: Token[] = [];
  const re = /\s+|(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|([A-Za-z_$][\w$]*)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)|(===|!==|==|!=|<=|>=|&&|\|\||\+\+|--|<<|>>>|>>|[+\-*/%<>=!~?:.,;()[\]{}&|^])/y;
  let match: RegExpExecArray | null;
  while (re.lastIndex < code.length) {
    const at = re.lastIndex;
    match = re.exec(code);
    if (!match || re.lastIndex === at) return null;
    if (match[2]) tokens.push({ kind: 'name', text: match[2] });
    else if (match[3]) tokens.push({ kind: 'string', text: match[3] });
    else if (match[4]) tokens.push({ kind: 'number', text: match[4] });
    else if (match[5]) tokens.push({ kind: 'punct', text: match[5] });
  }
  return tokens;
}

/** Problems with the expression; an empty list means the browser sees nothing wrong. */
export function checkExpression(code: string, globals: readonly string[] = allowedGlobals): ScriptProblem[] {
  if (code.trim() === '') return [{ key: 'empty' }];
  if (code.length > 2000) return [{ key: 'tooLong' }];
  try {
    // Parsed, never called: a syntax error throws here.
    new Function(`"use strict"; return (${code.trim().replace(/;\s*$/, '')}\n);`);
  } catch (e) {
    return [{ key: 'syntax', detail: e instanceof Error ? e.message : String(e) }];
  }
  const tokens = tokenize(code);
  if (!tokens) return [{ key: 'syntax' }];
  const allowed = new Set(globals);
  const problems: ScriptProblem[] = [];
  const add = (key: string, detail: string) => {
    if (!problems.some((p) => p.key === key && p.detail === detail)) problems.push({ key, detail });
  };
  tokens.forEach((token, i) => {
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    const isMember = before?.kind === 'punct' && before.text === '.';
    if (token.kind === 'punct') {
      if (token.text === '=' || token.text === '++' || token.text === '--') add('assignment', token.text);
      if (token.text === ',' && !insideBrackets(tokens, i)) add('comma', ',');
      if (token.text === ';' && i !== tokens.length - 1) add('statement', ';');
      return;
    }
    if (token.kind !== 'name') return;
    if (isMember) {
      if (forbiddenMembers.has(token.text)) add('member', token.text);
      const isCall = after?.text === '(';
      const owner = tokens[i - 2];
      if (isCall && !(owner?.text === 'Math' ? mathFunctions.has(token.text) : methods.has(token.text))) add('call', token.text);
      return;
    }
    if (before?.kind === 'punct' && (before.text === '{' || before.text === ',') && after?.text === ':') return; // an object key
    if (forbiddenWords.has(token.text)) add('keyword', token.text);
    else if (!literalWords.has(token.text) && !allowed.has(token.text)) add('name', token.text);
    else if (after?.text === '(' && !functions.has(token.text)) add('call', token.text);
  });
  return problems;
}

function insideBrackets(tokens: Token[], index: number): boolean {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    if (['(', '[', '{'].includes(tokens[i].text)) depth++;
    else if ([')', ']', '}'].includes(tokens[i].text)) depth--;
  }
  return depth > 0;
}

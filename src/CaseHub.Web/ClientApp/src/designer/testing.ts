/** Test helpers: the shipped workflows and a few descriptors shaped like the server's. */
import type { Descriptor, WorkflowJson } from './document';

const shipped = import.meta.glob<WorkflowJson>('../../../../../workflows/*.json', { eager: true, import: 'default' });

/** The repository's workflows/*.json, by file name. */
export function shippedWorkflows(): [string, WorkflowJson][] {
  return Object.entries(shipped).map(([path, doc]) => [path.split('/').pop()!, structuredClone(doc)]);
}

const t = (zhCN: string, enUS: string) => ({ zhCN, enUS });

export const descriptors: Descriptor[] = [
  { typeName: 'Elsa.Start', category: 'Flow', displayName: t('开始', 'Start'), description: t('', ''), inputs: [], outcomes: [{ name: 'Done', displayName: t('完成', 'Done') }], isTerminal: false, isStart: true },
  { typeName: 'Elsa.End', category: 'Flow', displayName: t('结束', 'End'), description: t('', ''), inputs: [], outcomes: [], isTerminal: true, isStart: false },
  {
    typeName: 'CaseHub.Handle', category: 'Cases', displayName: t('承办', 'Handle'), description: t('', ''),
    inputs: [{ name: 'dueIn', typeName: 'TimeSpan', uiHint: 'duration', displayName: t('办理时限', 'Due in'), required: false, isExpression: true }],
    outcomes: [{ name: 'Completed', displayName: t('已办结', 'Completed') }, { name: 'Returned', displayName: t('退单', 'Returned') }],
    isTerminal: false, isStart: false, icon: 'team',
  },
  {
    typeName: 'CaseHub.HumanTask', category: 'Tasks', displayName: t('人工任务', 'Human task'), description: t('', ''),
    inputs: [
      { name: 'title', typeName: 'String', uiHint: 'singleline', displayName: t('标题', 'Title'), required: true, isExpression: true },
      { name: 'candidateGroup', typeName: 'String', uiHint: 'department-picker', displayName: t('办理队列', 'Candidate group'), required: true, isExpression: true },
      { name: 'priority', typeName: 'Int32', uiHint: 'dropdown', displayName: t('优先级', 'Priority'), required: false, isExpression: true, defaultValue: 1, options: ['0', '1', '2', '3'] },
      { name: 'outcomes', typeName: 'String[]', uiHint: 'string-list', displayName: t('办理结果', 'Outcomes'), required: false, isExpression: true, defaultValue: ['Done'] },
    ],
    outcomes: [{ name: 'Done', displayName: t('完成', 'Done') }], dynamicOutcomes: { input: 'outcomes', fixed: [] }, isTerminal: false, isStart: false,
  },
  {
    typeName: 'Elsa.FlowSwitch', category: 'Flow', displayName: t('多路分支', 'Switch'), description: t('', ''),
    inputs: [{ name: 'cases', typeName: 'SwitchCase[]', uiHint: 'switch-cases', displayName: t('分支', 'Cases'), required: true, isExpression: false }],
    outcomes: [{ name: 'Default', displayName: t('默认', 'Default') }], dynamicOutcomes: { input: 'cases', fixed: ['Default'] }, isTerminal: false, isStart: false,
  },
];

import type { WorkflowJson } from './document';
import { saveFile } from '../lib/saveFile';

/** Offers text as a file download. */
export function download(text: string, fileName: string) {
  saveFile(new Blob([text], { type: 'application/json' }), fileName);
}

export const definitionIdPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** A new definition: Start connected to End, ready to edit. */
export function blankWorkflow(definitionId: string, name: string): WorkflowJson {
  const activity = (id: string, type: string, label: string, x: number) => ({
    id, nodeId: `flowchart:${id}`, type, version: 1, name: label, customProperties: {},
    metadata: { designer: { position: { x, y: 120 }, size: { width: 160, height: 60 } } },
  });
  return {
    id: definitionId, definitionId, name, description: '', version: 1, toolVersion: '3.5.0', variables: [], customProperties: {},
    options: { autoUpdateConsumingWorkflows: false },
    root: {
      id: 'flowchart', nodeId: 'flowchart', type: 'Elsa.Flowchart', version: 1, customProperties: {}, metadata: {},
      activities: [activity('start', 'Elsa.Start', '开始', 40), activity('end', 'Elsa.End', '结束', 320)],
      connections: [{ source: { activity: 'start', port: 'Done' }, target: { activity: 'end', port: 'In' }, vertices: [] }],
    },
  };
}

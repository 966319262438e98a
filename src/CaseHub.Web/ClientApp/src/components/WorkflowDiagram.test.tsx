import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWith } from '../test/render';
import { WorkflowDiagram, edgePath } from './WorkflowDiagram';

const node = (id: string, x: number, runs: number, waiting = false) =>
  ({ id, type: 'T', nameZh: `节点${id}`, nameEn: `Node ${id}`, x, y: 100, width: 160, height: 60, runs, waiting });

describe('WorkflowDiagram', () => {
  it('marks the taken path, the waiting point and the activities never reached', () => {
    renderWith(<WorkflowDiagram diagram={{
      definitionId: 'd', version: 1, name: 'n', status: 'Suspended',
      nodes: [node('a', 0, 1), node('b', 200, 1, true), node('c', 400, 0)],
      edges: [{ source: 'a', sourcePort: 'Done', target: 'b', taken: true }, { source: 'b', sourcePort: 'Done', target: 'c', taken: false }],
    }} />);
    expect(screen.getAllByTestId('node-visited')).toHaveLength(1);
    expect(screen.getByTestId('node-waiting')).toHaveTextContent('节点b');
    expect(screen.getAllByTestId('node')).toHaveLength(1);
    expect(screen.getAllByTestId('edge-taken')).toHaveLength(1);
    expect(screen.getAllByTestId('edge')).toHaveLength(1);
  });

  it('joins side by side boxes right to left, and stacked ones bottom to top', () => {
    expect(edgePath({ id: 'a', x: 0, y: 0, w: 100, h: 40 }, { id: 'b', x: 200, y: 0, w: 100, h: 40 })).toMatch(/^M100,20 .* 200,20$/);
    expect(edgePath({ id: 'a', x: 0, y: 0, w: 100, h: 40 }, { id: 'b', x: 0, y: 100, w: 100, h: 40 })).toMatch(/^M50,40 .* 50,100$/);
  });
});

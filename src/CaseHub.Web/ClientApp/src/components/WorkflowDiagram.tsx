import { useTranslation } from 'react-i18next';
import { Empty } from 'antd';
import type { Schemas } from '../api/client';
import { toNumber } from '../lib/format';

type Diagram = Schemas['CaseWorkflowDiagram'];
type Box = { id: string; x: number; y: number; w: number; h: number };

/** Where an edge leaves its source and enters its target: right and left middles, or bottom and top when stacked. */
export function edgePath(from: Box, to: Box): string {
  if (to.x >= from.x + from.w) {
    const [x1, y1, x2, y2] = [from.x + from.w, from.y + from.h / 2, to.x, to.y + to.h / 2];
    const mid = (x1 + x2) / 2;
    return `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
  }
  const down = to.y >= from.y;
  const [x1, y1] = [from.x + from.w / 2, down ? from.y + from.h : from.y];
  const [x2, y2] = [to.x + to.w / 2, down ? to.y : to.y + to.h];
  const bend = Math.max(30, Math.abs(y2 - y1) / 2) * (down ? 1 : -1);
  return `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`;
}

/**
 * The case's workflow, read-only: activities where the designer placed them, the path taken in blue, activities
 * never reached in grey, and the current waiting point in orange.
 */
export function WorkflowDiagram({ diagram }: { diagram: Diagram | undefined }) {
  const { t, i18n } = useTranslation();
  if (!diagram || diagram.nodes.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noWorkflow')} />;
  const boxes = new Map<string, Box>(diagram.nodes.map((n) => [n.id, {
    id: n.id, x: toNumber(n.x) ?? 0, y: toNumber(n.y) ?? 0, w: toNumber(n.width) ?? 160, h: toNumber(n.height) ?? 60,
  }]));
  const all = [...boxes.values()];
  const [minX, minY] = [Math.min(...all.map((b) => b.x)) - 20, Math.min(...all.map((b) => b.y)) - 20];
  const [maxX, maxY] = [Math.max(...all.map((b) => b.x + b.w)) + 20, Math.max(...all.map((b) => b.y + b.h)) + 20];
  const english = i18n.language.startsWith('en');
  return (
    <svg viewBox={`${minX} ${minY} ${maxX - minX} ${maxY - minY}`} width="100%" style={{ maxHeight: 360, background: '#fafafa', borderRadius: 6 }}
      role="img" aria-label={t('cases.workflowDiagram')}>
      <defs>
        {['taken', 'idle'].map((kind) => (
          <marker key={kind} id={`arrow-${kind}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill={kind === 'taken' ? '#1677ff' : '#bfbfbf'} />
          </marker>
        ))}
      </defs>
      {diagram.edges.map((e, i) => {
        const [from, to] = [boxes.get(e.source), boxes.get(e.target)];
        if (!from || !to) return null;
        return (
          <path key={i} d={edgePath(from, to)} fill="none" stroke={e.taken ? '#1677ff' : '#d9d9d9'} strokeWidth={e.taken ? 2.5 : 1.2}
            markerEnd={`url(#arrow-${e.taken ? 'taken' : 'idle'})`} data-testid={e.taken ? 'edge-taken' : 'edge'} />
        );
      })}
      {diagram.nodes.map((n) => {
        const b = boxes.get(n.id)!;
        const runs = toNumber(n.runs) ?? 0;
        const fill = n.waiting ? '#fff7e6' : runs > 0 ? '#e6f4ff' : '#f5f5f5';
        const stroke = n.waiting ? '#fa8c16' : runs > 0 ? '#1677ff' : '#d9d9d9';
        return (
          <g key={n.id} data-testid={n.waiting ? 'node-waiting' : runs > 0 ? 'node-visited' : 'node'}>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={8} fill={fill} stroke={stroke} strokeWidth={n.waiting ? 3 : 1.5} />
            <text x={b.x + b.w / 2} y={b.y + b.h / 2 + 5} textAnchor="middle" fontSize={14} fill={runs > 0 || n.waiting ? '#1f1f1f' : '#8c8c8c'}>
              {english ? n.nameEn : n.nameZh}
            </text>
            {runs > 1 && (
              <text x={b.x + b.w - 6} y={b.y + 14} textAnchor="end" fontSize={11} fill="#1677ff">×{runs}</text>
            )}
            {n.waiting && (
              <text x={b.x + b.w / 2} y={b.y - 6} textAnchor="middle" fontSize={12} fill="#d46b08">{t('cases.waitingHere')}</text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

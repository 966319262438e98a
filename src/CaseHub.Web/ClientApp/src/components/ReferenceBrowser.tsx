import { useEffect, useRef, type Key, type KeyboardEventHandler, type ReactNode } from 'react';
import { Card, Empty, Spin, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { focusTreeOnArrowDown } from '../lib/orgTree';
import { QueryError } from '../pages/ErrorPages';

/**
 * The layout of a reference-data page (事项清单, 组织与网格): a search box and a tree on the left, the chosen node on the
 * right. The down arrow goes from the search box into the tree, Enter on a branch opens it and shows it too, and the
 * chosen node is kept in view.
 */
export function ReferenceBrowser({ title, toolbar, search, tree, treeLabel, empty, expanded, onExpand, selected, onSelect, isBranch, children }: {
  title: ReactNode;
  toolbar?: ReactNode;
  /** The search box, given the handler that moves into the tree on the down arrow. */
  search: (onKeyDown: KeyboardEventHandler) => ReactNode;
  tree: { isError: boolean; error: unknown; isPending: boolean; data: DataNode[] };
  treeLabel: string;
  empty: string;
  expanded: Key[];
  onExpand: (keys: Key[]) => void;
  selected: string | null;
  onSelect: (key: string) => void;
  isBranch: (key: string) => boolean;
  /** The chosen node's side. */
  children: ReactNode;
}) {
  const pane = useRef<HTMLDivElement>(null);
  const active = useRef<string | null>(null);
  useEffect(() => {
    pane.current?.querySelector('.ant-tree-treenode-selected')?.scrollIntoView?.({ block: 'nearest' });
  }, [selected, expanded]);

  return (
    <Card size="small" title={title} extra={toolbar}
      style={{ height: 'calc(100vh - 80px)', minHeight: 480, display: 'flex', flexDirection: 'column' }}
      styles={{ body: { flex: 1, minHeight: 0, padding: 0, display: 'flex' } }}>
      <nav style={{ flex: '0 0 320px', width: 320, borderRight: '1px solid #f0f0f0', display: 'flex', flexDirection: 'column', minHeight: 0 }}>
        <div style={{ padding: 8 }}>{search(focusTreeOnArrowDown(pane))}</div>
        <div ref={pane} style={{ flex: 1, overflow: 'auto', padding: '0 4px 8px' }}>
          {tree.isError ? <QueryError error={tree.error} /> : tree.isPending ? <Spin style={{ display: 'block', marginTop: 24 }} /> : tree.data.length === 0
            ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
            : (
              <Tree blockNode treeData={tree.data} selectedKeys={selected ? [selected] : []} expandedKeys={expanded}
                onExpand={(keys) => onExpand(keys)} onSelect={(keys) => onSelect(String(keys[0] ?? ''))} aria-label={treeLabel}
                onActiveChange={(key) => { active.current = key === null || key === undefined ? null : String(key); }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && active.current && isBranch(active.current)) onSelect(active.current);
                }} />
            )}
        </div>
      </nav>
      <section style={{ flex: 1, minWidth: 0, overflow: 'auto', padding: 12 }} aria-live="polite">{children}</section>
    </Card>
  );
}

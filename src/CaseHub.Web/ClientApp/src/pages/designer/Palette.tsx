import { useMemo, useState, type ReactNode } from 'react';
import { Collapse, Empty, Input, Tooltip, Typography } from 'antd';
import {
  AimOutlined, ApartmentOutlined, AppstoreOutlined, AuditOutlined, BranchesOutlined, CheckCircleOutlined, ClockCircleOutlined,
  CopyOutlined, EditOutlined, EnvironmentOutlined, FileDoneOutlined, FileTextOutlined, ForkOutlined, HourglassOutlined,
  MergeCellsOutlined, MessageOutlined, PhoneOutlined, PlayCircleOutlined, SendOutlined, ShareAltOutlined, SolutionOutlined,
  SoundOutlined, StopOutlined, TagsOutlined, TeamOutlined, ThunderboltOutlined, UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Descriptor } from '../../designer/document';
import { categoryColours } from '../../designer/canvas';

/** Descriptor icon names (Ant Design's) to icons. */
const icons: Record<string, ReactNode> = {
  aim: <AimOutlined />, apartment: <ApartmentOutlined />, audit: <AuditOutlined />, branches: <BranchesOutlined />,
  'check-circle': <CheckCircleOutlined />, 'clock-circle': <ClockCircleOutlined />, copy: <CopyOutlined />, edit: <EditOutlined />,
  environment: <EnvironmentOutlined />, 'file-done': <FileDoneOutlined />, 'file-text': <FileTextOutlined />, fork: <ForkOutlined />,
  hourglass: <HourglassOutlined />, 'merge-cells': <MergeCellsOutlined />, message: <MessageOutlined />, phone: <PhoneOutlined />,
  play: <PlayCircleOutlined />, send: <SendOutlined />, 'share-alt': <ShareAltOutlined />, solution: <SolutionOutlined />,
  sound: <SoundOutlined />, stop: <StopOutlined />, tags: <TagsOutlined />, team: <TeamOutlined />, thunderbolt: <ThunderboltOutlined />,
  user: <UserOutlined />,
};

export const paletteMime = 'application/x-casehub-activity';
const categoryOrder = ['Cases', 'Tasks', 'Flow', 'Timers', 'Events', 'Primitives'];

/** The activities to drag onto the canvas, grouped by category and searchable in both languages. */
export function Palette({ descriptors, onAdd }: { descriptors: Descriptor[]; onAdd: (typeName: string) => void }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language.startsWith('en');
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const q = search.trim().toLowerCase();
    const matches = descriptors.filter((d) => !q || [d.typeName, d.displayName.zhCN, d.displayName.enUS].some((s) => s.toLowerCase().includes(q)));
    const byCategory = new Map<string, Descriptor[]>();
    for (const d of matches) byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
    return [...byCategory.entries()].sort(([a], [b]) => (categoryOrder.indexOf(a) + 99) % 99 - (categoryOrder.indexOf(b) + 99) % 99);
  }, [descriptors, search]);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }} data-testid="palette">
      <Input.Search size="small" allowClear placeholder={t('designer.search')} value={search} onChange={(e) => setSearch(e.target.value)}
        style={{ marginBottom: 6 }} aria-label={t('designer.search')} />
      <div style={{ overflow: 'auto', flex: 1 }}>
        {groups.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
          <Collapse size="small" ghost defaultActiveKey={categoryOrder} activeKey={search ? groups.map(([c]) => c) : undefined}
            items={groups.map(([category, list]) => ({
              key: category,
              label: <Typography.Text strong style={{ fontSize: 12 }}>{t(`designer.categories.${category}`, { defaultValue: category })}</Typography.Text>,
              children: list.map((d) => (
                <Tooltip key={d.typeName} title={english ? d.description.enUS : d.description.zhCN} placement="right" mouseEnterDelay={0.6}>
                  <div draggable tabIndex={0} role="button" data-type={d.typeName} className="designer-palette-item"
                    onDragStart={(e) => { e.dataTransfer.setData(paletteMime, d.typeName); e.dataTransfer.effectAllowed = 'copy'; }}
                    onKeyDown={(e) => { if (e.key === 'Enter') onAdd(d.typeName); }}
                    onDoubleClick={() => onAdd(d.typeName)}
                    style={{
                      display: 'flex', alignItems: 'center', gap: 6, padding: '4px 6px', marginBottom: 4, cursor: 'grab', fontSize: 13,
                      border: '1px solid #f0f0f0', borderLeft: `4px solid ${categoryColours[d.category] ?? '#8c8c8c'}`, borderRadius: 4, background: '#fff',
                    }}>
                    {icons[d.icon ?? ''] ?? <AppstoreOutlined />}
                    <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{english ? d.displayName.enUS : d.displayName.zhCN}</span>
                  </div>
                </Tooltip>
              )),
            }))} />
        )}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 11 }}>{t('designer.paletteHint')}</Typography.Text>
    </div>
  );
}

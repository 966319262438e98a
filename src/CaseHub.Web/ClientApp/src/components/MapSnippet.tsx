import { useTranslation } from 'react-i18next';
import { Empty } from 'antd';
import { projectMap } from '../lib/geo';
type MapData = {
  grid: { code: string; name: string; polygon: number[][][] } | null;
  point: { lat: number; lng: number } | null;
};

/** The case's grid and point as SVG, from our own data: no tiles, no network. */
export function MapSnippet({ map, width = 320, height = 220 }: { map: MapData | undefined; width?: number; height?: number }) {
  const { t } = useTranslation();
  if (!map || (!map.grid && !map.point)) return <Empty description={t('cases.noMap')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const projected = projectMap(map.grid?.polygon ?? [], map.point, width, height);
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={projected.viewBox} width="100%" style={{ maxWidth: width, background: '#f5f7fa', borderRadius: 6 }}
        role="img" aria-label={map.grid ? map.grid.name : t('cases.map')}>
        {projected.paths.map((d, i) => (
          <path key={i} d={d} fill="rgba(22,119,255,0.12)" stroke="#1677ff" strokeWidth={1.5} fillRule="evenodd" data-testid="grid-ring" />
        ))}
        {projected.point && (
          <g data-testid="case-point">
            <circle cx={projected.point.x} cy={projected.point.y} r={9} fill="rgba(207,19,34,0.2)" />
            <circle cx={projected.point.x} cy={projected.point.y} r={4.5} fill="#cf1322" stroke="#fff" strokeWidth={1.5} />
          </g>
        )}
      </svg>
      {map.grid && <figcaption style={{ fontSize: 12, color: '#666' }}>{map.grid.name}（{map.grid.code}）</figcaption>}
    </figure>
  );
}

/** [longitude, latitude], as in GeoJSON. */
export type LngLat = readonly number[];
export type Projected = { paths: string[]; point: { x: number; y: number } | null; viewBox: string };

/**
 * Fits the grid's rings and the case point into a width × height box with padding, keeping the shape:
 * longitudes are scaled by cos(latitude) so that a square on the ground stays square. SVG's y axis points
 * down, so latitudes are flipped.
 */
export function projectMap(
  rings: readonly (readonly LngLat[])[],
  point: { lat: number; lng: number } | null,
  width: number,
  height: number,
  padding = 12,
): Projected {
  const all: LngLat[] = rings.flat();
  if (point) all.push([point.lng, point.lat]);
  const viewBox = `0 0 ${width} ${height}`;
  if (all.length === 0) return { paths: [], point: null, viewBox };

  const lats = all.map((p) => p[1]);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const xs = all.map((p) => p[0] * kx);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...lats);
  const maxY = Math.max(...lats);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const innerW = width - 2 * padding;
  const innerH = height - 2 * padding;
  // A lone point (or a degenerate shape) has no extent: centre it.
  const scale = spanX === 0 && spanY === 0 ? 1 : Math.min(spanX > 0 ? innerW / spanX : Infinity, spanY > 0 ? innerH / spanY : Infinity);
  const offsetX = padding + (innerW - spanX * scale) / 2;
  const offsetY = padding + (innerH - spanY * scale) / 2;
  const project = ([lng, lat]: LngLat) => ({
    x: round(offsetX + (lng * kx - minX) * scale),
    y: round(offsetY + (maxY - lat) * scale),
  });

  const paths = rings
    .filter((ring) => ring.length >= 3)
    .map((ring) => ring.map((p, i) => {
      const { x, y } = project(p);
      return `${i === 0 ? 'M' : 'L'}${x} ${y}`;
    }).join(' ') + ' Z');
  return { paths, point: point ? project([point.lng, point.lat]) : null, viewBox };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

import { describe, expect, it } from 'vitest';
import { projectMap } from './geo';

describe('projectMap', () => {
  // A grid cell about 400 m × 330 m near 30.1° N, and a point inside it.
  const ring = [[119.2, 30.1], [119.204, 30.1], [119.204, 30.103], [119.2, 30.103], [119.2, 30.1]];

  it('fits the polygon inside the box with its padding', () => {
    const { paths } = projectMap([ring], null, 320, 220, 10);
    const numbers = paths[0].match(/-?\d+(\.\d+)?/g)!.map(Number);
    const xs = numbers.filter((_, i) => i % 2 === 0);
    const ys = numbers.filter((_, i) => i % 2 === 1);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...xs)).toBeLessThanOrEqual(310);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...ys)).toBeLessThanOrEqual(210);
    // The taller side touches the padding: the fit is as large as it can be.
    expect(Math.min(...ys)).toBeCloseTo(10, 1);
    expect(Math.max(...ys)).toBeCloseTo(210, 1);
  });

  it('keeps the ground shape: east-west is shrunk by cos(latitude)', () => {
    const { paths } = projectMap([ring], null, 1000, 1000, 0);
    const numbers = paths[0].match(/-?\d+(\.\d+)?/g)!.map(Number);
    const xs = numbers.filter((_, i) => i % 2 === 0);
    const ys = numbers.filter((_, i) => i % 2 === 1);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    const expected = (0.004 * Math.cos((30.1015 * Math.PI) / 180)) / 0.003;
    expect(width / height).toBeCloseTo(expected, 2);
  });

  it('puts north at the top and the point inside the polygon', () => {
    const { point, paths } = projectMap([ring], { lat: 30.1025, lng: 119.201 }, 320, 220);
    expect(paths[0].startsWith('M')).toBe(true);
    expect(paths[0].endsWith('Z')).toBe(true);
    // Near the north-west corner: small x, small y.
    expect(point!.x).toBeLessThan(160);
    expect(point!.y).toBeLessThan(110);
  });

  it('centres a lone point', () => {
    expect(projectMap([], { lat: 30.1, lng: 119.2 }, 320, 220).point).toEqual({ x: 160, y: 110 });
  });

  it('draws nothing without data', () => {
    expect(projectMap([], null, 320, 220)).toEqual({ paths: [], point: null, viewBox: '0 0 320 220' });
  });
});

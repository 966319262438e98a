import { describe, expect, it } from 'vitest';
import { cardsByDepartmentOption, trendOption } from './charts';

const labels = { Blue: '蓝牌', Yellow: '黄牌', Red: '红牌' };

describe('cards by department', () => {
  const option = cardsByDepartmentOption([
    { code: 'A', name: '甲局', blue: 5, yellow: 0, red: 1 },
    { code: 'B', name: '乙局', blue: 0, yellow: 0, red: 0 },
    { code: 'C', name: '丙局', blue: 0, yellow: 2, red: 3 },
    { code: 'D', name: '丁局', blue: 9, yellow: 0, red: 0 },
  ], labels) as { yAxis: { data: string[] }; series: { name: string; data: { value: number; code: string }[]; itemStyle: { color: string } }[] };

  it('leaves out departments without cards and puts the worst at the top (last on a category axis)', () => {
    expect(option.yAxis.data).toEqual(['丁局', '甲局', '丙局']);
  });

  it('stacks blue, yellow and red in the card colours, each bar keeping its department code for drill-down', () => {
    expect(option.series.map((s) => [s.name, s.itemStyle.color])).toEqual([['蓝牌', '#1677ff'], ['黄牌', '#d4a106'], ['红牌', '#cf1322']]);
    expect(option.series[2].data).toEqual([{ value: 0, code: 'D' }, { value: 1, code: 'A' }, { value: 3, code: 'C' }]);
  });
});

describe('daily trend', () => {
  it('has one point per day, labelled by month and day', () => {
    const option = trendOption(
      [{ day: '2026-03-01', dispatched: 4, completed: 2, red: 1, yellow: 0 }, { day: '2026-03-02', dispatched: 6, completed: 5, red: 0, yellow: 2 }],
      { dispatched: '派单量', completed: '办结量', red: '红牌', yellow: '黄牌' },
    ) as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.xAxis.data).toEqual(['03-01', '03-02']);
    expect(option.series.find((s) => s.name === '派单量')!.data).toEqual([4, 6]);
    expect(option.series.find((s) => s.name === '红牌')!.data).toEqual([1, 0]);
  });
});

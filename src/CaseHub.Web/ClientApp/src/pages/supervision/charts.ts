import type { EChartsCoreOption } from 'echarts';
import { cardColours } from '../../components/CardTag';

export type DayCounts = { day: string; dispatched: number; completed: number; red: number; yellow: number };
export type DepartmentCards = { code: string; name: string; blue: number; yellow: number; red: number };

/** Cases dispatched and completed per day, with the red and yellow cards issued. */
export function trendOption(days: DayCounts[], labels: { dispatched: string; completed: string; red: string; yellow: string }): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.dispatched, type: 'line', smooth: true, data: days.map((d) => d.dispatched), itemStyle: { color: '#1f5fbf' } },
      { name: labels.completed, type: 'line', smooth: true, data: days.map((d) => d.completed), itemStyle: { color: '#389e0d' } },
      { name: labels.yellow, type: 'bar', stack: 'cards', data: days.map((d) => d.yellow), itemStyle: { color: cardColours.Yellow } },
      { name: labels.red, type: 'bar', stack: 'cards', data: days.map((d) => d.red), itemStyle: { color: cardColours.Red } },
    ],
  };
}

/** The departments with the most cards, as horizontal stacked bars (worst at the top); each bar carries its department code for drill-down. */
export function cardsByDepartmentOption(rows: DepartmentCards[], labels: { Blue: string; Yellow: string; Red: string }, top = 12): EChartsCoreOption {
  const worst = [...rows]
    .filter((r) => r.blue + r.yellow + r.red > 0)
    .sort((a, b) => b.red - a.red || b.yellow - a.yellow || b.blue - a.blue)
    .slice(0, top)
    .reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: worst.map((r) => r.name), axisLabel: { width: 120, overflow: 'truncate' } },
    series: (['Blue', 'Yellow', 'Red'] as const).map((colour) => ({
      name: labels[colour],
      type: 'bar',
      stack: 'cards',
      data: worst.map((r) => ({ value: r[colour.toLowerCase() as 'blue' | 'yellow' | 'red'], code: r.code })),
      itemStyle: { color: cardColours[colour] },
    })),
  };
}

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

type Props = {
  option: echarts.EChartsCoreOption;
  height?: number;
  onClick?: (params: echarts.ECElementEvent) => void;
  ariaLabel?: string;
};

/** A thin wrapper: one chart instance per element, options replaced on change, resized with its box. */
export function EChart({ option, height = 280, onClick, ariaLabel }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clickHandler.current?.(params));
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(element.current);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}

import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { useTheme } from './theme.ts';

type Echarts = typeof import('./echarts-setup.ts')['echarts'];
let loading: Promise<Echarts> | undefined;
const loadEcharts = () => {
  loading ??= import('./echarts-setup.ts').then((m) => m.echarts);
  return loading;
};

/**
 * A chart drawn by ECharts into a div: loads the library on first use, makes one instance per theme
 * (a theme is fixed at init), hands it each new option without redrawing from scratch (so a refresh
 * animates rather than flickers), follows the element's size, and disposes of it on unmount. The label
 * is what a screen reader hears; the numbers are also on the page as text.
 */
export function Chart({
  option,
  label,
  height = 260,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  const [chart, setChart] = useState<EChartsType | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let instance: EChartsType | undefined;
    let observer: ResizeObserver | undefined;
    let disposed = false;
    loadEcharts()
      .then((echarts) => {
        if (disposed || !ref.current) return;
        instance = echarts.init(ref.current, theme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
        const current = instance;
        observer = new ResizeObserver(() => current.resize());
        observer.observe(ref.current);
        setChart(instance);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
      setChart(null);
    };
  }, [theme]);
  useEffect(() => {
    chart?.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true });
  }, [chart, option]);
  if (failed) return <p className="note">The chart could not be loaded; reload the page to try again.</p>;
  return <div ref={ref} role="img" aria-label={label} className="chart" style={{ height }} />;
}

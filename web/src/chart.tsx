import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { useTheme } from './theme.ts';

type Echarts = typeof import('./echarts-setup.ts')['echarts'];
let loading: Promise<Echarts> | undefined;
const loadEcharts = () => {
  loading ??= import('./echarts-setup.ts').then((m) => m.echarts);
  return loading;
};

/**
 * A chart drawn by ECharts into a div: loads the library on first use, redraws when the option or the
 * theme changes, follows the element's size, and disposes of the instance on unmount. The label is
 * what a screen reader hears; the numbers are also on the page as text.
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
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    loadEcharts()
      .then((echarts) => {
        if (disposed || !ref.current) return;
        const chart = echarts.init(ref.current, theme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
        chart.setOption({ backgroundColor: 'transparent', ...option });
        const observer = new ResizeObserver(() => chart.resize());
        observer.observe(ref.current);
        cleanup = () => {
          observer.disconnect();
          chart.dispose();
        };
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      cleanup();
    };
  }, [option, theme]);
  if (failed) return <p className="note">The chart could not be loaded; reload the page to try again.</p>;
  return <div ref={ref} role="img" aria-label={label} className="chart" style={{ height }} />;
}

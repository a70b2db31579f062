import { useEffect, useRef } from 'react';
import { Chart, type ChartType, BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const COLORS = ['#1f5fa8', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0f766e', '#a16207', '#4b5563'];

/** A Chart.js chart; the table beside it carries the same numbers for screen readers and copying. */
export type Series = { label: string; data: (number | null)[] };

export function ChartView({ type = 'bar', labels, datasets, label, stacked = false }: {
  type?: ChartType; labels: string[]; datasets: Series[]; label: string; stacked?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // The chart is rebuilt when the numbers change, not whenever the parent hands over new arrays of the same.
  const data = JSON.stringify({ labels, datasets });
  useEffect(() => {
    const { labels, datasets } = JSON.parse(data) as { labels: string[]; datasets: Series[] };
    const chart = new Chart(canvas.current!, {
      type,
      data: { labels, datasets: datasets.map((d, i) => ({ ...d, backgroundColor: COLORS[i % COLORS.length], borderColor: COLORS[i % COLORS.length] })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked }, y: { stacked, beginAtZero: true } },
      },
    });
    return () => chart.destroy();
  }, [type, data, stacked]);
  return <div className="chart"><canvas ref={canvas} role="img" aria-label={label} /></div>;
}

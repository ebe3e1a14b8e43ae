/**
 * Bar charts of the fleet roll-ups: only the Chart.js parts a bar chart needs are registered,
 * so the rest of the library is left out of the build. Loaded on first use.
 * @module
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
  color: string;
}

/** A bar chart (stacked when there are several series); returns a function that removes it. */
export function barChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: Series[],
  options: { horizontal?: boolean } = {},
): () => void {
  const stacked = series.length > 1;
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.values,
        backgroundColor: s.color,
        borderWidth: 0,
      })),
    },
    options: {
      indexAxis: options.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: stacked, position: 'bottom' } },
      scales: {
        x: { stacked, ticks: { precision: 0 } },
        y: { stacked, ticks: { precision: 0 }, beginAtZero: true },
      },
    },
  });
  return () => chart.destroy();
}

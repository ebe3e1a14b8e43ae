/**
 * One roll-up as a chart and as a table of the same numbers: the table is what screen readers
 * and keyboard users read (the canvas is hidden from them), and what the tests check.
 * @module
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Series } from './charts.ts';
import { loadCharts } from './lazy.ts';

export interface FigureProps {
  id: string;
  title: string;
  labels: string[];
  series: Series[];
  horizontal?: boolean;
  /** Extra column after the numbers (a code's meaning). */
  notes?: string[];
  notesTitle?: string;
  empty?: string;
}

export function Figure(props: FigureProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const total = props.series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);
  useEffect(() => {
    if (!canvas.current || props.labels.length === 0) return;
    let destroy: (() => void) | null = null;
    let cancelled = false;
    loadCharts()
      .then((charts) => {
        if (!cancelled && canvas.current)
          destroy = charts.barChart(canvas.current, props.labels, props.series, {
            horizontal: props.horizontal ?? false,
          });
      })
      .catch(() => {
        // The table below holds the same numbers.
      });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [JSON.stringify([props.labels, props.series])]);
  return (
    <figure class="chart" data-chart={props.id} aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      {props.labels.length === 0 || total === 0 ? (
        <p class="muted">{props.empty ?? 'Nothing to count yet.'}</p>
      ) : (
        <div
          class="canvas-box"
          style={{ height: `${Math.max(180, props.horizontal ? props.labels.length * 28 + 60 : 220)}px` }}
        >
          <canvas
            ref={canvas}
            role="img"
            aria-label={`${props.title}: bar chart; the numbers are in the table below`}
          />
        </div>
      )}
      {props.notes && props.labels.length > 0 && (
        <dl class="notes">
          {props.labels.map((label, i) =>
            props.notes?.[i] ? (
              <div key={label}>
                <dt>
                  <code>{label}</code>
                </dt>
                <dd>{props.notes[i]}</dd>
              </div>
            ) : null,
          )}
        </dl>
      )}
      {props.labels.length > 0 && (
        <details class="numbers">
          <summary>Numbers</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{props.series.length > 1 ? '' : 'Value'}</th>
                {props.series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
                {props.notes && <th scope="col">{props.notesTitle ?? 'Note'}</th>}
              </tr>
            </thead>
            <tbody>
              {props.labels.map((label, i) => (
                <tr key={label} data-key={label}>
                  <th scope="row">{label}</th>
                  {props.series.map((s) => (
                    <td class="num" key={s.label}>
                      {s.values[i] ?? 0}
                    </td>
                  ))}
                  {props.notes && <td>{props.notes[i] ?? ''}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

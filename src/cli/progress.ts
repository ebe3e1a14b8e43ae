/**
 * One progress line for long runs (a folder of thousands, many event logs), on a terminal only:
 * count, rate and, once the total is known, what is left in time. Redrawn in place at most ten
 * times a second and only after the first second, so a quick run never flashes a line; cleared
 * before any warning is printed and at the end, so it never mixes with what the run says. On a
 * pipe or a file it writes nothing at all.
 * @module
 */

/** The part of a stream progress needs: stderr, or a test double. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** One more input done. */
  tick(): void;
  /** The total, once known (an ETA is shown from then on). */
  setTotal(total: number): void;
  /** Runs `print` (a warning) with the progress line out of the way. */
  around(print: () => void): void;
  /** Clears the line for good. */
  done(): void;
}

export interface ProgressOptions {
  /** What is counted: `inputs`, `event logs`. */
  unit?: string;
  /** Milliseconds since some fixed point; tests pass a clock of their own. */
  now?: () => number;
  /** Nothing is drawn before this many milliseconds have passed (default 1000). */
  delay?: number;
  /** Least time between two redraws (default 100 ms). */
  interval?: number;
}

const CLEAR = '\r\u001b[K';

const silent: Progress = {
  tick() {},
  setTotal() {},
  around: (print) => print(),
  done() {},
};

/** The progress line on screen now, if any: every other line printed to stderr steps around it. */
let active: Progress | null = null;

/** Prints a line (a warning) with the progress line, if one is shown, out of its way. */
export function aroundProgress(print: () => void): void {
  if (active) active.around(print);
  else print();
}

/** A progress line on `stream` when it is a terminal; a progress that does nothing otherwise. */
export function createProgress(stream: ProgressStream, options: ProgressOptions = {}): Progress {
  if (!stream.isTTY) return silent;
  const progress = drawingProgress(stream, options);
  active = progress;
  return {
    ...progress,
    done() {
      progress.done();
      if (active === progress) active = null;
    },
  };
}

function drawingProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const delay = options.delay ?? 1000;
  const interval = options.interval ?? 100;
  const unit = options.unit ?? 'inputs';
  const started = now();
  let count = 0;
  let total: number | null = null;
  let shown = false;
  let lastDraw = Number.NEGATIVE_INFINITY;

  const line = (): string => {
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? count / seconds : 0;
    const parts = [
      total === null
        ? `${count.toLocaleString('en-US')} ${unit}`
        : `${count.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${unit}`,
    ];
    parts.push(`${rate >= 10 ? Math.round(rate) : Math.round(rate * 10) / 10}/s`);
    if (total !== null && rate > 0 && count < total)
      parts.push(`about ${duration((total - count) / rate)} left`);
    const text = `dsreg-doctor: ${parts.join(' · ')}`;
    // A terminal that reports no width (0 under some emulators) gets the classic 80 columns.
    const width = (stream.columns && stream.columns >= 20 ? stream.columns : 80) - 1;
    return text.length > width ? text.slice(0, Math.max(0, width)) : text;
  };
  const draw = (force: boolean) => {
    const t = now();
    if (t - started < delay) return;
    if (!force && t - lastDraw < interval) return;
    lastDraw = t;
    shown = true;
    stream.write(`${CLEAR}${line()}`);
  };
  const clear = () => {
    if (!shown) return;
    stream.write(CLEAR);
    shown = false;
  };
  return {
    tick() {
      count++;
      draw(false);
    },
    setTotal(n) {
      total = n;
    },
    around(print) {
      const wasShown = shown;
      clear();
      print();
      if (wasShown) draw(true);
    },
    done() {
      clear();
    },
  };
}

/** `42 s`, `3 min`, `1 h 5 min`. */
function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

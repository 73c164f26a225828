/**
 * The bench records itself: every benchmark hands its figures to `record(figure)`, and
 * `npm run bench -- --json FILE` writes them all as one JSON array at the end of the run.
 * Names are stable and plain so that a figure can be followed from run to run.
 */
import { writeFileSync } from 'node:fs';

export interface Figure {
  /** Stable, plain name, e.g. "audit chain verification (entries/s)". */
  name: string;
  /** The headline value; for a ratio target it is the ratio itself. */
  value: number;
  unit: string;
  p50?: number;
  p99?: number;
  /** The bare work's figure from the same run, in the same unit as `value` (or as `p50` for a ratio). */
  baseline?: number;
  /** What the bare work is, named in the output (e.g. "bare: better-sqlite3 .raw().iterate() + createHash"). */
  baselineName?: string;
  ratio?: number;
  /** Human-readable target, e.g. "≤ 1.10× bare". */
  target?: string;
  met: boolean;
}

const figures: Figure[] = [];

const round = (n: number | undefined): number | undefined =>
  n === undefined || !Number.isFinite(n) ? n : Number(n.toPrecision(6));

/** Keeps one figure for the JSON output; a later figure with the same name replaces the earlier one. */
export function record(figure: Figure): Figure {
  const clean: Figure = {
    ...figure,
    value: round(figure.value)!,
    p50: round(figure.p50),
    p99: round(figure.p99),
    ratio: round(figure.ratio),
    baseline: round(figure.baseline),
  };
  const at = figures.findIndex((f) => f.name === figure.name);
  if (at >= 0) figures[at] = clean;
  else figures.push(clean);
  return clean;
}

export const recordedFigures = (): readonly Figure[] => figures;

/** The `--json FILE` argument of the bench, if given (`--json=FILE` works too). */
export function jsonOutputPath(argv: readonly string[] = process.argv.slice(2)): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') return argv[i + 1];
    if (arg.startsWith('--json=')) return arg.slice('--json='.length);
  }
  return undefined;
}

export function writeFigures(path: string): void {
  writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);
}

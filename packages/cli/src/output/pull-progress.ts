// A pull's progress on stderr, per layer: on a terminal that may draw (output/terminal.ts) one line
// per layer with its phase, a bar and bytes, redrawn in place like `docker pull`; otherwise one plain
// line each time a layer changes phase (never per byte), so logs stay short. Rendering is pure.
import type { LayerPhase, PullProgressEvent } from '@kurtosis-ts/container-backend';

export interface LayerState {
  layer: string;
  phase: LayerPhase;
  currentBytes?: number;
  totalBytes?: number;
}

const PHASE_WORDS: Record<LayerPhase, string> = {
  waiting: 'waiting',
  downloading: 'downloading',
  verifying: 'verifying',
  extracting: 'extracting',
  done: 'pull complete',
  exists: 'already exists',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}

/** `[=====>    ]` of `width` cells. */
export function bar(current: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.min(width, Math.floor((current / total) * width)) : 0;
  return `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? (filled === width ? '=' : '>') : ''}${' '.repeat(width - filled)}]`;
}

/** One layer as a terminal line: `a1b2c3d4e5f6: downloading [====>     ] 1.2 MB/3.4 MB`. */
export function terminalLine(state: LayerState): string {
  const head = `${state.layer}: ${PHASE_WORDS[state.phase]}`;
  if ((state.phase === 'downloading' || state.phase === 'extracting') && state.totalBytes) {
    const current = state.currentBytes ?? 0;
    return `${head} ${bar(current, state.totalBytes)} ${formatBytes(current)}/${formatBytes(state.totalBytes)}`;
  }
  return head;
}

/** One layer as a plain line, written when its phase changes: `layer a1b2c3d4e5f6: downloading (3.4 MB)`. */
export function plainLine(image: string, state: LayerState): string {
  return `${image}: layer ${state.layer}: ${PHASE_WORDS[state.phase]}${state.totalBytes && state.phase === 'downloading' ? ` (${formatBytes(state.totalBytes)})` : ''}`;
}

/** Follows a pull's events and writes them to a stream, drawn or plain. */
export class PullProgressView {
  private readonly layers = new Map<string, LayerState>();
  private drawnLines = 0;

  constructor(
    private readonly image: string,
    private readonly out: { write(text: string): unknown },
    private readonly draw: boolean,
  ) {}

  onEvent(event: PullProgressEvent): void {
    const previous = this.layers.get(event.layer);
    const state: LayerState = { ...previous, ...event };
    this.layers.set(event.layer, state);
    if (this.draw) this.redraw();
    else if (previous?.phase !== event.phase && event.phase !== 'verifying') this.out.write(`${plainLine(this.image, state)}\n`);
  }

  private redraw(): void {
    // Back to the first layer line, then every line anew (each cleared to its end).
    const up = this.drawnLines > 0 ? `\u001b[${this.drawnLines}A` : '';
    const lines = [...this.layers.values()].map((s) => `\r\u001b[2K${terminalLine(s)}\n`).join('');
    this.out.write(`${up}${lines}`);
    this.drawnLines = this.layers.size;
  }
}

import { MAX_OUTPUT_LINE_CHARS } from '../backend/objects';
import type { OutputLine } from '../backend/objects';
import { LineAssembler, selectLines } from './memory-output-lines';

describe('LineAssembler', () => {
  const assemble = (chunks: Parameters<LineAssembler['push']>[0][], flush = true) => {
    const lines: OutputLine[] = [];
    const assembler = new LineAssembler((line) => lines.push(line));
    chunks.forEach((c) => assembler.push(c));
    if (flush) assembler.flush();
    return lines;
  };

  it('splits each stream into lines, a line taking the time of its first piece', () => {
    expect(
      assemble([
        { atMs: 1, stream: 'stdout', text: 'a\nb' },
        { atMs: 2, stream: 'stderr', text: 'e\n' },
        { atMs: 3, stream: 'stdout', text: 'c\n' },
      ]),
    ).toEqual([
      { stream: 'stdout', line: 'a', timestampMs: 1 },
      { stream: 'stderr', line: 'e', timestampMs: 2 },
      { stream: 'stdout', line: 'bc', timestampMs: 1 },
    ]);
  });

  it('holds a line without its newline until flushed', () => {
    expect(assemble([{ atMs: 5, stream: 'stdout', text: 'partial' }], false)).toEqual([]);
    expect(assemble([{ atMs: 5, stream: 'stdout', text: 'partial' }])).toEqual([{ stream: 'stdout', line: 'partial', timestampMs: 5 }]);
  });

  it('keeps empty lines and cuts long ones', () => {
    const lines = assemble([{ atMs: 1, stream: 'stdout', text: `\n${'x'.repeat(MAX_OUTPUT_LINE_CHARS + 10)}\n` }]);
    expect(lines.map((l) => l.line.length)).toEqual([0, MAX_OUTPUT_LINE_CHARS]);
  });
});

describe('selectLines', () => {
  const lines: OutputLine[] = [1, 2, 3, 4].map((t) => ({ stream: 'stdout', line: `l${t}`, timestampMs: t }));

  it('takes the lines since a time, then the last N of them', () => {
    expect(selectLines(lines, { sinceMs: 2 }).map((l) => l.line)).toEqual(['l2', 'l3', 'l4']);
    expect(selectLines(lines, { tailLines: 2 }).map((l) => l.line)).toEqual(['l3', 'l4']);
    expect(selectLines(lines, { sinceMs: 2, tailLines: 1 }).map((l) => l.line)).toEqual(['l4']);
    expect(selectLines(lines, { tailLines: 0 })).toEqual([]);
    expect(selectLines(lines, {})).toHaveLength(4);
  });
});

import { demuxFrames, FrameDecoder, LineTail, splitTimestamp } from './docker-streams';

const STDOUT = 1;
const STDERR = 2;

/** One multiplexed frame: [stream type, 0, 0, 0, payload length big-endian] then the payload. */
function frame(type: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.from([type, 0, 0, 0, 0, 0, 0, 0]);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('demuxFrames', () => {
  it('returns the payload of one frame', () => {
    expect(demuxFrames(frame(STDOUT, 'hello\n'))).toEqual({ text: 'hello\n', rest: Buffer.alloc(0) });
  });

  it('concatenates stdout and stderr frames in order, without their headers', () => {
    const buffer = Buffer.concat([frame(STDOUT, 'out 1\n'), frame(STDERR, 'err\n'), frame(STDOUT, 'out 2\n')]);
    const { text, rest } = demuxFrames(buffer);
    expect(text).toBe('out 1\nerr\nout 2\n');
    expect(rest).toHaveLength(0);
  });

  it('reads the payload length as 4 big-endian bytes', () => {
    const payload = 'x'.repeat(300); // 300 = 0x012c, so both low bytes of the length matter
    const buffer = Buffer.concat([Buffer.from([STDOUT, 0, 0, 0, 0, 0, 0x01, 0x2c]), Buffer.from(payload)]);
    expect(demuxFrames(buffer).text).toBe(payload);
  });

  it('handles an empty frame', () => {
    const buffer = Buffer.concat([frame(STDOUT, ''), frame(STDOUT, 'after')]);
    expect(demuxFrames(buffer).text).toBe('after');
  });

  it('keeps multi-byte UTF-8 inside a frame intact', () => {
    expect(demuxFrames(frame(STDOUT, 'héllo ✓ 🚀')).text).toBe('héllo ✓ 🚀');
  });

  it('returns nothing and keeps everything for an empty buffer', () => {
    expect(demuxFrames(Buffer.alloc(0))).toEqual({ text: '', rest: Buffer.alloc(0) });
  });

  it('leaves an incomplete header as the rest', () => {
    const buffer = Buffer.concat([frame(STDOUT, 'done'), frame(STDOUT, 'next').subarray(0, 5)]);
    const { text, rest } = demuxFrames(buffer);
    expect(text).toBe('done');
    expect(rest).toEqual(frame(STDOUT, 'next').subarray(0, 5));
  });

  it('leaves a frame with an incomplete payload as the rest', () => {
    const partial = frame(STDERR, 'incomplete').subarray(0, 12);
    const { text, rest } = demuxFrames(Buffer.concat([frame(STDOUT, 'done'), partial]));
    expect(text).toBe('done');
    expect(rest).toEqual(partial);
  });
});

describe('FrameDecoder', () => {
  const stream = Buffer.concat([
    frame(STDOUT, 'first line\n'),
    frame(STDERR, 'an error ✗\n'),
    frame(STDOUT, ''),
    frame(STDOUT, 'last line\n'),
  ]);
  const expected = 'first line\nan error ✗\nlast line\n';

  // Splits at every position, so some cut inside a header, some inside a payload, some between frames.
  it.each(Array.from({ length: stream.length + 1 }, (_, i) => i))('decodes the stream split at byte %i', (at) => {
    const decoder = new FrameDecoder();
    const text = decoder.push(stream.subarray(0, at)) + decoder.push(stream.subarray(at));
    expect(text).toBe(expected);
  });

  it('decodes the stream fed one byte at a time', () => {
    const decoder = new FrameDecoder();
    let text = '';
    for (let i = 0; i < stream.length; i++) text += decoder.push(stream.subarray(i, i + 1));
    expect(text).toBe(expected);
  });

  it('returns nothing until a frame is complete', () => {
    const decoder = new FrameDecoder();
    const whole = frame(STDOUT, 'abc');
    expect(decoder.push(whole.subarray(0, 3))).toBe('');
    expect(decoder.push(whole.subarray(3, 9))).toBe('');
    expect(decoder.push(whole.subarray(9))).toBe('abc');
  });

  it('is not confused when the caller reuses the chunk buffer', () => {
    const decoder = new FrameDecoder();
    const whole = frame(STDOUT, 'stable');
    const chunk = Buffer.from(whole.subarray(0, 10));
    expect(decoder.push(chunk)).toBe('');
    chunk.fill(0);
    expect(decoder.push(whole.subarray(10))).toBe('stable');
  });
});

describe('LineTail', () => {
  it('keeps every line while there are no more than max', () => {
    const tail = new LineTail(3);
    tail.push('a\nb\n');
    expect(tail.toString()).toBe('a\nb');
  });

  it('keeps only the last max lines', () => {
    const tail = new LineTail(3);
    tail.push('1\n2\n3\n4\n5\n');
    expect(tail.toString()).toBe('3\n4\n5');
  });

  it('counts a partial last line as one of the max', () => {
    const tail = new LineTail(2);
    tail.push('1\n2\n3\npart');
    expect(tail.toString()).toBe('3\npart');
  });

  it('joins a line that arrives in pieces', () => {
    const tail = new LineTail(5);
    tail.push('hel');
    expect(tail.toString()).toBe('hel');
    tail.push('lo\nwor');
    tail.push('ld\n');
    expect(tail.toString()).toBe('hello\nworld');
  });

  it('keeps the last lines over many pushes', () => {
    const tail = new LineTail(2);
    for (let i = 1; i <= 100; i++) tail.push(`line ${i}\n`);
    expect(tail.toString()).toBe('line 99\nline 100');
  });

  it('keeps empty lines', () => {
    const tail = new LineTail(3);
    tail.push('a\n\nb\n');
    expect(tail.toString()).toBe('a\n\nb');
  });

  it('is empty before anything is pushed', () => {
    expect(new LineTail(3).toString()).toBe('');
  });
});

describe('decoding across pushes', () => {
  const frame = (payload: Buffer) => {
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };

  it('keeps a multi-byte character split across two frames intact', () => {
    const e = Buffer.from('é', 'utf8');
    const decoder = new FrameDecoder();
    const text = decoder.push(frame(e.subarray(0, 1))) + decoder.push(frame(e.subarray(1)));
    expect(text).toBe('é');
  });

  it('LineTail(0) keeps nothing', () => {
    const tail = new LineTail(0);
    tail.push('a\nb\nc');
    expect(tail.toString()).toBe('');
  });
});

describe('splitTimestamp', () => {
  it("splits Docker's RFC 3339 timestamp (nanoseconds) off a line, as Unix ms", () => {
    expect(splitTimestamp('2026-12-01T08:55:55.123456789Z hello world')).toEqual([Date.UTC(2026, 11, 1, 8, 55, 55, 123), 'hello world']);
  });

  it('keeps an empty line empty', () => {
    expect(splitTimestamp('2026-12-01T08:55:55.000000000Z ')).toEqual([Date.UTC(2026, 11, 1, 8, 55, 55), '']);
  });

  it('leaves a line without a timestamp whole, with time 0', () => {
    expect(splitTimestamp('no timestamp here')).toEqual([0, 'no timestamp here']);
    expect(splitTimestamp('')).toEqual([0, '']);
  });
});

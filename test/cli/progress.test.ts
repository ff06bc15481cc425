/** The progress bar: on a terminal's stderr only, never for machine-read formats, silent when disabled. */
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createProgress, progressEnabled } from '../../src/cli/progress.js';

/** A stream that keeps what is written to it, and says it is a terminal (or not). */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      stream.written += chunk.toString();
      done();
    },
  }) as Writable & { written: string; isTTY: boolean; columns: number };
  stream.written = '';
  stream.isTTY = isTTY;
  stream.columns = 120;
  return stream as unknown as NodeJS.WriteStream & { written: string };
}

function runBar(progress: ReturnType<typeof createProgress>): void {
  progress.start(10);
  progress.update(3);
  progress.stop();
}

describe('progressEnabled', () => {
  test('a terminal with text or Markdown output shows progress', () => {
    expect(progressEnabled('text', fakeStream(true))).toBe(true);
    expect(progressEnabled('md', fakeStream(true))).toBe(true);
  });

  test('machine-read formats never do, even on a terminal', () => {
    expect(progressEnabled('json', fakeStream(true))).toBe(false);
    expect(progressEnabled('sarif', fakeStream(true))).toBe(false);
  });

  test('a pipe or a file never does', () => {
    expect(progressEnabled('text', fakeStream(false))).toBe(false);
  });
});

describe('createProgress', () => {
  test('disabled, it writes nothing, whatever the stream', () => {
    const stream = fakeStream(true);
    runBar(createProgress('auditing', { enabled: false, stream }));
    expect(stream.written).toBe('');
  });

  test('enabled on a terminal, it draws the label and the count', () => {
    const stream = fakeStream(true);
    const progress = createProgress('auditing keys', { enabled: true, stream });
    progress.start(10);
    expect(stream.written).toContain('auditing keys');
    expect(stream.written).toContain('0/10');
    progress.update(3);
    progress.stop();
    expect(stream.written).toContain('3/10');
  });

  test('braces in the label are printed as they are', () => {
    const stream = fakeStream(true);
    runBar(createProgress('keys {value} {bar}', { enabled: true, stream }));
    expect(stream.written).toContain('keys {value} {bar}');
  });

  test('enabled but on a stream that is not a terminal, it still writes nothing', () => {
    const stream = fakeStream(false);
    runBar(createProgress('auditing', { enabled: true, stream }));
    expect(stream.written).toBe('');
  });

  test('stop is safe before start and twice', () => {
    const stream = fakeStream(true);
    const progress = createProgress('auditing', { enabled: true, stream });
    progress.stop();
    progress.start(2);
    progress.stop();
    progress.stop();
    expect(stream.written).toContain('0/2');
  });
});

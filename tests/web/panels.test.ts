// The report panels' pieces that need no browser: reading an AI edit's event stream in whatever
// chunks the network delivers, the file name of a download, and remembering that the survey was offered.
import { describe, expect, it } from 'vitest';
import { dispositionFilename } from '../../web/src/api/exports';
import { readSse, SseParser } from '../../web/src/api/sse';
import { markSurveyAsked, surveyAsked } from '../../web/src/pages/Report/panels/survey-memory';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe('SseParser', () => {
  it('gives whole events only, whatever the chunking, with CRLF, comments and multi-line data', () => {
    const parser = new SseParser();
    expect(parser.push('event: delta\r\ndata: {"text":"He')).toEqual([]);
    expect(parser.push('llo"}\r\n\r\n: keep-alive\n\nevent: done\ndata: a\ndata: b\n\n')).toEqual([
      { event: 'delta', data: '{"text":"Hello"}' },
      { event: 'done', data: 'a\nb' },
    ]);
  });

  it('reads a stream whose last event has no blank line after it', async () => {
    const events: string[] = [];
    await readSse(streamOf(['event: delta\ndata: 1\n\nevent: del', 'ta\ndata: 2\n\nevent: done\ndata: 3']), (e) => events.push(`${e.event}:${e.data}`));
    expect(events).toEqual(['delta:1', 'delta:2', 'done:3']);
  });

  it('splits multi-byte characters across chunks correctly', async () => {
    const bytes = new TextEncoder().encode('data: café ☕\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 9));
        controller.enqueue(bytes.slice(9));
        controller.close();
      },
    });
    const events: string[] = [];
    await readSse(stream, (e) => events.push(e.data));
    expect(events).toEqual(['café ☕']);
  });
});

describe('dispositionFilename', () => {
  it('prefers the UTF-8 name, falls back to the plain one, then to the default', () => {
    expect(dispositionFilename(`attachment; filename="tidal-energy.pdf"; filename*=UTF-8''tidal%20%C3%A9nergie.pdf`, 'x')).toBe('tidal énergie.pdf');
    expect(dispositionFilename('attachment; filename="report.docx"', 'x')).toBe('report.docx');
    expect(dispositionFilename(`attachment; filename="a.md"; filename*=UTF-8''%E0%A4`, 'x')).toBe('a.md');
    expect(dispositionFilename(null, 'report.pdf')).toBe('report.pdf');
  });
});

describe('survey memory', () => {
  it('remembers per user, and never nags when storage is unavailable', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(surveyAsked('u1', storage)).toBe(false);
    markSurveyAsked('u1', storage);
    expect(surveyAsked('u1', storage)).toBe(true);
    expect(surveyAsked('u2', storage)).toBe(false);
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(surveyAsked('u3', broken)).toBe(true);
    expect(() => markSurveyAsked('u3', broken)).not.toThrow();
  });
});

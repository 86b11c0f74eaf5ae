import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendToSection, setSectionParagraphs } from './body';
import { applyReportJson, buildReportDoc } from './build';
import { parseReportJson } from './coerce';
import { getSectionState, readMeta, setCitationStyle, setProgress, setSectionState, setStatus, setTitle } from './meta';
import { addSection, moveSection, renameChapter } from './outline';
import { readReportJson } from './read';
import { addReference, readReferences, removeReference, setReferences, updateReference } from './references';
import { DOC_VERSION, REPORT_JSON_VERSION, reportTypes } from './schema';
import { replica, sampleDoc, sampleInput, sync } from './test-helpers';

describe('buildReportDoc / readReportJson', () => {
  it('reads back what it was built from', () => {
    const json = readReportJson(sampleDoc());
    expect(json).toEqual({
      version: REPORT_JSON_VERSION,
      title: 'Cats and Computation',
      status: 'outlined',
      citationStyle: 'apa',
      outline: sampleInput().outline,
      generatedOutline: sampleInput().outline,
      sections: {
        s11: [{ type: 'paragraph', content: [{ type: 'text', text: 'Cats have long been studied.' }] }],
        s12: [{ type: 'paragraph', content: [{ type: 'text', text: 'We aim to count cats.' }] }],
        s21: [{ type: 'paragraph', content: [{ type: 'text', text: 'We used a camera.' }] }],
      },
      references: [
        { id: 'r1', title: 'Counting cats', authors: ['Ada Lovelace'], year: 1843, venue: 'Notes', doi: null, url: null, abstract: null, source: 'manual', externalId: null },
      ],
    });
    expect(reportTypes(sampleDoc()).meta.get('version')).toBe(DOC_VERSION);
  });

  it('round-trips: building from the JSON of an edited document reads back the same JSON', () => {
    const doc = sampleDoc();
    renameChapter(doc, 'ch1', 'Intro');
    moveSection(doc, 's21', 'ch1', 0);
    const added = addSection(doc, 'ch2', 'Streamed') as string;
    appendToSection(doc, added, 'Some text\nwith a break\n\nand a paragraph');
    setSectionParagraphs(doc, 's11', [
      { type: 'paragraph', attrs: { textAlign: 'center' }, content: [{ type: 'text', text: 'bold', marks: [{ type: 'bold' }] }, { type: 'citation', attrs: { refId: 'r1' } }] },
      { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colwidth: [120] }, content: [{ type: 'paragraph' }] }] }] },
    ]);
    setCitationStyle(doc, 'ieee');
    setStatus(doc, 'completed');
    const json = readReportJson(doc);
    const rebuilt = buildReportDoc(json);
    expect(readReportJson(rebuilt)).toEqual(json);
    // And through a JSON string, as Postgres stores it.
    expect(readReportJson(buildReportDoc(JSON.parse(JSON.stringify(json))))).toEqual(json);
  });

  it('gives new ids to outline entries without one, and keeps the generated outline when asked', () => {
    const doc = buildReportDoc({ title: 'T', outline: { chapters: [{ title: 'A', sections: [{ title: 'a' }, { id: 'x', title: 'b' }, { id: 'x', title: 'c' }] }] }, generatedOutline: null });
    const json = readReportJson(doc);
    const ids = json.outline.chapters[0]?.sections.map((s) => s.id) ?? [];
    expect(ids[1]).toBe('x');
    expect(new Set([json.outline.chapters[0]?.id, ...ids]).size).toBe(4);
    expect(json.generatedOutline).toBeNull();
    expect(json.sections[ids[0] as string]).toEqual([{ type: 'paragraph' }]);
  });

  it('refuses a non-empty document and an unknown JSON version', () => {
    const doc = sampleDoc();
    expect(() => applyReportJson(doc, sampleInput())).toThrow('not empty');
    expect(() => applyReportJson(new Y.Doc(), { ...sampleInput(), version: 99 })).toThrow('unsupported report JSON version 99');
  });

  it('fills an empty document that peers then sync', () => {
    const doc = new Y.Doc();
    applyReportJson(doc, sampleInput());
    const peer = new Y.Doc();
    sync(doc, peer);
    expect(readReportJson(peer)).toEqual(readReportJson(doc));
  });
});

describe('parseReportJson', () => {
  it('tells apart usable, unsupported and invalid stored JSON', () => {
    const json = readReportJson(sampleDoc());
    expect(parseReportJson(JSON.parse(JSON.stringify(json)))).toEqual({ kind: 'ok', json });
    expect(parseReportJson({ ...json, version: 0 })).toEqual({ kind: 'unsupported_version', version: 0 });
    expect(parseReportJson('nope')).toEqual({ kind: 'invalid', reason: 'not an object' });
    expect(parseReportJson({ version: REPORT_JSON_VERSION })).toEqual({ kind: 'invalid', reason: 'outline: missing' });
  });

  it('makes malformed parts empty rather than trusting them', () => {
    const parsed = parseReportJson({
      version: REPORT_JSON_VERSION,
      title: 42,
      citationStyle: 'chicago',
      outline: { chapters: [{ id: 'c', title: ['x'], sections: [null, { id: 's', title: 'S', notes: ['n', 3] }] }, 'junk'] },
      sections: { s: 'not blocks' },
      references: [{ title: 'T', authors: 'A. Person', year: '2020', source: 'evil' }],
    });
    expect(parsed).toEqual({
      kind: 'ok',
      json: {
        version: REPORT_JSON_VERSION,
        title: '',
        status: 'draft',
        citationStyle: 'apa',
        outline: { chapters: [{ id: 'c', title: '', sections: [{ id: 's', title: 'S', notes: ['n'] }] }] },
        generatedOutline: null,
        sections: {},
        references: [{ id: 'ref-1', title: 'T', authors: [], year: null, venue: null, doi: null, url: null, abstract: null, source: 'manual', externalId: null }],
      },
    });
  });
});

describe('meta', () => {
  it('sets title, status, progress, style and section states', () => {
    const doc = sampleDoc();
    setTitle(doc, 'New');
    setStatus(doc, 'generating');
    setProgress(doc, 140);
    setCitationStyle(doc, 'mla');
    setSectionState(doc, 's11', { status: 'writing', writer: 'job-1' });
    setSectionState(doc, 's12', { status: 'failed', error: 'timeout' });
    setSectionState(doc, 's12', null);
    expect(readMeta(doc)).toEqual({
      version: DOC_VERSION,
      title: 'New',
      status: 'generating',
      progress: 100,
      citationStyle: 'mla',
      sectionState: { s11: { status: 'writing', writer: 'job-1' } },
    });
    expect(getSectionState(doc, 's12')).toEqual({ status: 'idle' });
  });

  it('keeps section states written by two peers at once (the map exists from the start)', () => {
    const a = sampleDoc();
    const b = replica(a);
    setSectionState(a, 's11', { status: 'writing' });
    setSectionState(b, 's12', { status: 'queued' });
    sync(a, b);
    expect(readMeta(b).sectionState).toEqual({ s11: { status: 'writing' }, s12: { status: 'queued' } });
  });
});

describe('references', () => {
  it('adds, updates, removes and replaces references', () => {
    const doc = sampleDoc();
    const id = addReference(doc, { title: 'Second', authors: ['B. Author', ''], year: 2001, doi: '10.1/x', source: 'crossref', externalId: '10.1/x' }, 0);
    expect(readReferences(doc).map((r) => r.title)).toEqual(['Second', 'Counting cats']);
    expect(readReferences(doc)[0]).toMatchObject({ id, authors: ['B. Author'], source: 'crossref' });
    expect(updateReference(doc, id, { title: 'Second, revised', year: null })).toBe(true);
    expect(readReferences(doc)[0]).toMatchObject({ id, title: 'Second, revised', year: null, doi: '10.1/x' });
    expect(updateReference(doc, 'nope', { title: 'x' })).toBe(false);
    expect(removeReference(doc, 'r1')).toBe(true);
    expect(readReferences(doc).map((r) => r.id)).toEqual([id]);
    const ids = setReferences(doc, [{ id: 'a', title: 'A' }, { id: 'a', title: 'dup' }]);
    expect(ids[0]).toBe('a');
    expect(ids[1]).not.toBe('a');
    expect(readReferences(doc).map((r) => r.title)).toEqual(['A', 'dup']);
  });
});

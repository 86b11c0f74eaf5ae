// GET /api/reports/:id/export: the report as DOCX, PDF, HTML and Markdown, built from the live
// room's document. The files are opened as a reader's tools would: the DOCX unzipped and its XML
// read, the PDF's text layer read by pdftotext, the HTML checked for anything executable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildReportDoc, setCitationStyle, setSectionParagraphs, type Block } from '../../core/doc';
import { imageInfo } from '../../worker/lib/export/image-info';
import { exportFilename } from '../../worker/lib/export/inline';
import { beyondStandardFonts, encodable, standardFontCharset } from '../../worker/lib/export/pdf-text';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { api, apiUrl, fetchWorker } from '../helpers/api';
import { addMember, errorOf } from '../helpers/members';
import { sharedStackVars } from '../helpers/stack-vars';
import { PNG_BYTES, uploadTo } from '../helpers/uploads';
import { join, sampleReport, seedDocument, waitFor, type Client } from '../helpers/yclient';

const tmp = mkdtempSync(joinPath(tmpdir(), 'seydam-export-'));
const clients: Client[] = [];
afterAll(() => {
  clients.forEach((c) => c.close());
  rmSync(tmp, { recursive: true, force: true });
});

/** The text layer of a PDF, as pdftotext reads it. */
function pdfText(bytes: Uint8Array): string {
  const file = joinPath(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The fonts of a PDF as pdffonts lists them (name, type, whether embedded). */
function pdfFonts(bytes: Uint8Array): string {
  const file = joinPath(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('/usr/bin/pdffonts', [file], { encoding: 'utf8' });
}

/** word/document.xml of a DOCX, and its text runs joined. */
async function docxContent(bytes: Uint8Array): Promise<{ xml: string; text: string; files: string[] }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return { xml, text, files: Object.keys(zip.files) };
}

const para = (...content: Block[]): Block => ({ type: 'paragraph', content });
const text = (t: string, marks?: string[]): Block => (marks ? { type: 'text', text: t, marks: marks.map((type) => ({ type })) } : { type: 'text', text: t });

/** The sample report, with a richer first section: marks, a citation, a list, a table and script-like text. */
async function seededReport(owner: BuiltUser) {
  const report = await buildReport(owner.id, { topic: 'Tidal energy' });
  const input = sampleReport('Tidal energy');
  input.sections!.s11 = [
    para(text('Tide mills are old '), { type: 'citation', attrs: { refId: 'ref1' } }, text('. '), text('Very', ['bold']), text(' old.', ['italic'])),
    para(text('<script>alert("x")</script> stays text.')),
    { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('Mills on rivers'))] }, { type: 'listItem', content: [para(text('Mills on coasts'))] }] },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', content: [para(text('Site'))] }, { type: 'tableHeader', content: [para(text('Year'))] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', content: [para(text('Rance'))] }, { type: 'tableCell', content: [para(text('1966'))] }] },
      ],
    },
  ];
  await seedDocument(report.id, input);
  return report;
}

async function download(reportId: string, format: string, session?: string): Promise<Response> {
  return api(`/api/reports/${reportId}/export?format=${format}`, { cookie: session });
}

async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

describe('GET /api/reports/:id/export', () => {
  let owner: BuiltUser;
  let viewer: BuiltUser;
  let stranger: BuiltUser;
  let reportId: string;
  beforeAll(async () => {
    owner = await buildUser({ fullName: 'Olga Owner' });
    viewer = await buildUser();
    stranger = await buildUser();
    reportId = (await seededReport(owner)).id;
    await addMember(reportId, viewer, 'viewer');
  });

  it('answers 401 without a session, 404 to a stranger, 400 naming the field for a bad format or id', async () => {
    expect((await download(reportId, 'pdf')).status).toBe(401);
    const strangers = await download(reportId, 'pdf', stranger.session);
    expect(strangers.status).toBe(404);
    const bad = await download(reportId, 'exe', owner.session);
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: 'validation_error', field: 'format' });
    const missing = await api(`/api/reports/${reportId}/export`, { cookie: owner.session });
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatchObject({ code: 'validation_error', field: 'format' });
    const badId = await download('not-a-uuid', 'pdf', owner.session);
    expect(await errorOf(badId)).toMatchObject({ code: 'validation_error', field: 'id' });
  });

  it('gives a viewer the DOCX: title, chapter and section headings, marks, the citation, list, table and reference list', async () => {
    const res = await download(reportId, 'docx', viewer.session);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="tidal-energy.docx"; filename*=UTF-8''tidal-energy.docx`);
    const { xml, text: body } = await docxContent(await bytesOf(res));
    for (const heading of ['1 Background', '1.1 History', '1.2 Physics', '2 Outlook', '2.1 Costs', 'References']) expect(body).toContain(heading);
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*?1 Background/s);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>.*?1\.1 History/s);
    expect(body).toContain('Tide mills are old (Lovelace, 2020).');
    expect(xml).toMatch(/<w:b\/>.*?Very/s);
    expect(body).toContain('Mills on rivers');
    expect(xml).toContain('<w:numPr>');
    expect(xml).toContain('<w:tbl>');
    expect(body).toContain('Rance');
    expect(body).toContain('Lovelace, A. (2020). Tidal power.');
    // Text that looks like markup is text.
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; stays text.');
  });

  it('gives a PDF whose text layer holds the headings, the section text, the citation and the reference', async () => {
    const res = await download(reportId, 'pdf', owner.session);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('filename="tidal-energy.pdf"');
    const bytes = await bytesOf(res);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const layer = pdfText(bytes);
    for (const line of ['Tidal energy', '1 Background', '1.1 History', 'Tide mills are old (Lovelace, 2020). Very old.', 'The moon pulls.', '2.1 Costs', 'Costs fall.', 'Mills on coasts', 'Rance', '1966', 'References', 'Lovelace, A. (2020). Tidal power.']) {
      expect(layer).toContain(line);
    }
  });

  it('draws Western European text in the standard fonts, embedding no font file', async () => {
    const fonts = pdfFonts(await bytesOf(await download(reportId, 'pdf', owner.session)));
    expect(fonts).toContain('Times-Roman');
    expect(fonts).not.toContain('DejaVu');
  });

  it('gives sanitized HTML: no script even when a section holds <script> text', async () => {
    const res = await download(reportId, 'html', viewer.session);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<h2>1.1 History</h2>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; stays text.');
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).toContain('<span class="citation">(Lovelace, 2020)</span>');
  });

  it('gives Markdown with the numbered headings', async () => {
    const res = await download(reportId, 'md', owner.session);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('filename="tidal-energy.md"');
    const md = await res.text();
    expect(md).toContain('# 1 Background');
    expect(md).toContain('## 1.1 History');
    expect(md).toContain('- Mills on rivers');
  });
});

describe('PDF of text beyond Western European', () => {
  it('keeps every Turkish, Greek and Cyrillic letter in the text layer, in embedded DejaVu subsets', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id, { topic: 'Güneş ve gelgit' });
    const input = sampleReport('Güneş ve gelgit enerjisi');
    input.outline = {
      chapters: [
        { id: 'ch1', title: 'Background', sections: [{ id: 's11', title: 'Ölçümler ve ağlar' }, { id: 's12', title: 'Physics' }] },
        { id: 'ch2', title: 'Outlook', sections: [{ id: 's21', title: 'Costs' }] },
      ],
    };
    input.sections!.s11 = [
      para(text('Işık ve ısı: şehir filtreleri ağaçsız kalınca ısınır.')),
      para(text('Энергия приливов '), text('Ωκεανός', ['bold']), text(' и '), text('λ = 2π', ['code'])),
    ];
    input.references = [{ id: 'ref1', title: 'Gelgit enerjisi üzerine', authors: ['Şule Yılmaz'], year: 2021, source: 'manual' }];
    await seedDocument(report.id, input);

    const res = await download(report.id, 'pdf', owner.session);
    expect(res.status).toBe(200);
    const bytes = await bytesOf(res);
    const layer = pdfText(bytes);
    for (const line of [
      'Güneş ve gelgit enerjisi',
      '1.1 Ölçümler ve ağlar',
      'Işık ve ısı: şehir filtreleri ağaçsız kalınca ısınır.',
      'Энергия приливов Ωκεανός и λ = 2π',
      'Yılmaz, Ş. (2021). Gelgit enerjisi üzerine.',
    ]) {
      expect(layer).toContain(line);
    }
    expect(layer).not.toContain('?');
    const fonts = pdfFonts(bytes);
    // pdf-lib names each embedded font after the family with a number; "yes" in the emb column.
    expect(fonts).toMatch(/^DejaVuSerif-\d+ .* yes /m);
    expect(fonts).toMatch(/^DejaVuSerif-Bold-\d+ .* yes /m);
    expect(fonts).toMatch(/^DejaVuSansMono-\d+ .* yes /m);
    expect(fonts).not.toContain('Times');
    // Subsets: only the glyphs used, not the 1.8 MB of the five files.
    expect(bytes.byteLength).toBeLessThan(200_000);
  });
});

describe('exports follow the live document', () => {
  it('includes an edit made in the room a moment ago and the citation style chosen there', async () => {
    const owner = await buildUser();
    const report = await seededReport(owner);
    const client = await join(report.id, owner.session);
    clients.push(client);
    setSectionParagraphs(client.doc, 's21', ['Costs fell by half in ten years.']);
    setCitationStyle(client.doc, 'ieee');
    await waitFor(async () => (await (await download(report.id, 'md', owner.session)).text()).includes('Costs fell by half'), { message: 'the export never showed the live edit' });
    const res = await download(report.id, 'pdf', owner.session);
    expect(res.headers.get('x-export-source')).toBe('room');
    const layer = pdfText(await bytesOf(res));
    expect(layer).toContain('Costs fell by half in ten years.');
    expect(layer).toContain('Tide mills are old [1].');
    expect(layer).toContain('[1] A. Lovelace, "Tidal power," 2020.');
    const { text: body } = await docxContent(await bytesOf(await download(report.id, 'docx', owner.session)));
    expect(body).toContain('Tide mills are old [1].');
    expect(body).toContain('[1] A. Lovelace');
  });
});

describe('images', () => {
  it('embeds the report’s own uploaded images in DOCX and PDF, and never fetches other URLs', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id, { topic: 'Pictures' });
    const up = await uploadTo(apiUrl(), report.id, owner.session, { bytes: PNG_BYTES, filename: 'dot.png', kind: 'image' });
    expect(up.status).toBe(201);
    const { data } = (await up.json()) as { data: { contentUrl: string } };
    await seedDocument(report.id, {
      title: 'Pictures',
      outline: { chapters: [{ id: 'c', title: 'Figures', sections: [{ id: 's', title: 'One figure' }] }] },
      sections: {
        s: [
          { type: 'image', attrs: { src: data.contentUrl, alt: 'A dot', caption: 'Figure 1: a dot' } },
          { type: 'image', attrs: { src: 'http://127.0.0.1:1/elsewhere.png', alt: 'Remote picture' } },
        ],
      },
    });
    const docx = await JSZip.loadAsync(await bytesOf(await download(report.id, 'docx', owner.session)));
    const media = Object.keys(docx.files).filter((f) => f.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    const xml = await docx.file('word/document.xml')!.async('string');
    expect(xml).toContain('Figure 1: a dot');
    expect(xml).toContain('[Image: Remote picture]');

    const pdf = await bytesOf(await download(report.id, 'pdf', owner.session));
    expect(new TextDecoder('latin1').decode(pdf)).toMatch(/\/Subtype\s*\/Image/);
    const layer = pdfText(pdf);
    expect(layer).toContain('Figure 1: a dot');
    expect(layer).toContain('[Image: Remote picture]');
  });
});

describe('when the rooms cannot be reached', () => {
  let worker: RunningWorker;
  let persistTo: string;
  beforeAll(async () => {
    persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-export-'));
    // Nothing listens on port 1: every room call fails.
    worker = await startTestWorker({ persistTo, vars: { ...sharedStackVars(), PARTY_URL: 'http://127.0.0.1:1' } });
  });
  afterAll(async () => {
    await worker?.stop();
    if (persistTo) rmSync(persistTo, { recursive: true, force: true });
  });

  it('exports the copy the room last saved', async () => {
    const owner = await buildUser();
    const report = await seededReport(owner);
    const res = await fetchWorker(`${worker.url}/api/reports/${report.id}/export?format=md`, { headers: { cookie: `seydam_session=${owner.session}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-source')).toBe('stored');
    const md = await res.text();
    expect(md).toContain('## 1.1 History');
    expect(md).toContain('Costs fall.');
  });
});

describe('when the room drops the first connection', () => {
  // A stand-in for the rooms whose first connection for a report's state closes with no answer,
  // as a kept-alive connection does when it is closed just as it is reused.
  let worker: RunningWorker;
  let persistTo: string;
  let room: Server;
  const stateRequests: string[] = [];
  let liveState: Uint8Array = new Uint8Array();
  beforeAll(async () => {
    room = createServer((req, res) => {
      if (!req.url?.endsWith('/internal/state')) return void res.writeHead(404).end();
      stateRequests.push(req.url);
      if (stateRequests.length === 1) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(liveState);
    });
    await new Promise<void>((resolve) => room.listen(0, '127.0.0.1', resolve));
    const { port } = room.address() as AddressInfo;
    persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-export-'));
    worker = await startTestWorker({ persistTo, vars: { ...sharedStackVars(), PARTY_URL: `http://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await worker?.stop();
    await new Promise((resolve) => room?.close(resolve));
    if (persistTo) rmSync(persistTo, { recursive: true, force: true });
  });

  it('asks the room again and exports what everyone sees now, not the saved copy', async () => {
    const owner = await buildUser();
    const report = await seededReport(owner);
    const live = sampleReport('Tidal energy');
    live.sections = { ...live.sections, s21: [para(text('Read from the live room.'))] };
    const doc = buildReportDoc(live);
    liveState = Y.encodeStateAsUpdate(doc);
    doc.destroy();

    const res = await fetchWorker(`${worker.url}/api/reports/${report.id}/export?format=md`, { headers: { cookie: `seydam_session=${owner.session}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-source')).toBe('room');
    const md = await res.text();
    expect(md).toContain('Read from the live room.');
    expect(md).not.toContain('Costs fall.');
    expect(stateRequests).toHaveLength(2);
  });
});

describe('export helpers', () => {
  it('names files after the title, in ASCII, never empty', () => {
    expect(exportFilename('Énergie marémotrice: 2024 / "draft"', 'pdf')).toBe('energie-maremotrice-2024-draft.pdf');
    expect(exportFilename('日本語', 'docx')).toBe('report.docx');
    expect(exportFilename(`${'a'.repeat(100)}`, 'md')).toBe(`${'a'.repeat(80)}.md`);
  });

  it('keeps the PDF text Western European text can hold, and says "?" for what it cannot', () => {
    const charset = new Set([...'abcdeéo?-<>= ->'].map((c) => c.codePointAt(0)!));
    expect(encodable('é ő − ≤ 中', charset)).toBe('é o - <= ?');
  });

  it('embeds fonts only for text the standard fonts would lose', async () => {
    const charset = await standardFontCharset();
    expect(beyondStandardFonts('Café, naïve “quotes” – 5 € ≤ 6\u00a0cm', charset)).toBe(false);
    expect(beyondStandardFonts('Işık', charset)).toBe(true);
    expect(beyondStandardFonts('Łódź', charset)).toBe(true);
    expect(beyondStandardFonts('Ωμέγα', charset)).toBe(true);
  });

  it('reads the size of PNG, GIF and JPEG headers and refuses anything else', () => {
    expect(imageInfo(PNG_BYTES)).toEqual({ type: 'png', width: 1, height: 1 });
    expect(imageInfo(Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 3, 0, 2, 0]))).toEqual({ type: 'gif', width: 3, height: 2 });
    // SOI, an APP0 segment of length 4, then SOF0 with height 20 and width 30.
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 20, 0, 30, 3, 0, 0, 0, 0]);
    expect(imageInfo(jpeg)).toEqual({ type: 'jpg', width: 30, height: 20 });
    expect(imageInfo(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });
});

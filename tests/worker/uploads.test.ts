// Uploads end to end on a real `wrangler dev` worker with local R2: real PDF, DOCX and text files
// in, their text extracted, the bytes back out; who may do what; and the documents' text reaching
// the outline prompt (tests/fakes/openai) and the reference list (tests/fakes/scholarly). The
// worker here has its own R2 directory, so the objects it holds can be counted.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReferenceDto } from '../../core/api/references';
import { UPLOAD_MAX_BYTES, UPLOAD_TEXT_MAX_CHARS, type CreatedUploadDto, type UploadDto } from '../../core/api/uploads';
import { readReferences } from '../../core/doc';
import { rateLimits, uploads } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { guidelineDocuments } from '../../worker/lib/guidelines';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai';
import { startFakeScholarly, type FakeScholarly } from '../fakes/scholarly';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { testDb } from '../helpers/db';
import { addMember, errorOf } from '../helpers/members';
import { sharedStackVars } from '../helpers/stack-vars';
import { docxBytes, pdfBytes, PNG_BYTES, uploadTo, zipWith, type UploadInput } from '../helpers/uploads';
import { serverDoc } from '../helpers/yclient';
import { fetchWorker } from '../helpers/api';

let openai: FakeOpenAI;
let scholarly: FakeScholarly;
let worker: RunningWorker;
let persistTo: string;

beforeAll(async () => {
  [openai, scholarly] = await Promise.all([startFakeOpenAI(), startFakeScholarly()]);
  persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-uploads-'));
  worker = await startTestWorker({
    persistTo,
    vars: {
      ...sharedStackVars(),
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_MODEL: 'fake-planner',
      LLM_IDLE_TIMEOUT_MS: '2000',
      OPENALEX_BASE_URL: scholarly.openAlexUrl,
      CROSSREF_BASE_URL: scholarly.crossrefUrl,
    },
  });
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([openai?.stop(), scholarly?.stop()]);
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

beforeEach(() => {
  openai.reset();
  scholarly.reset();
});

const PDF_TEXT = 'Every chapter must end with a summary of at most 150 words.';
const DOCX_RULE = 'Cite at least five peer-reviewed sources; Zwölf Übungen are optional.';

const upload = (reportId: string, user: BuiltUser | null, input: UploadInput) => uploadTo(worker.url, reportId, user?.session ?? null, input);

/** Sends only the headers of a `size`-byte upload and waits for the answer; the body is never sent. */
function headersOnlyUpload(reportId: string, user: BuiltUser, size: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${worker.url}/api/reports/${reportId}/uploads`,
      {
        method: 'POST',
        headers: {
          cookie: `seydam_session=${user.session}`,
          'content-type': 'multipart/form-data; boundary=----seydam',
          'content-length': String(size),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          req.destroy();
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('error', reject);
    req.flushHeaders();
  });
}

function call(path: string, user: BuiltUser | null, method = 'GET'): Promise<Response> {
  return fetchWorker(`${worker.url}${path}`, { method, headers: user ? { cookie: `seydam_session=${user.session}` } : {} });
}

async function created(res: Response): Promise<CreatedUploadDto> {
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { data: CreatedUploadDto }).data;
}

async function listOf(reportId: string, user: BuiltUser): Promise<UploadDto[]> {
  const res = await call(`/api/reports/${reportId}/uploads`, user);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: UploadDto[] }).data;
}

const rowsOf = (reportId: string) => testDb().select().from(uploads).where(eq(uploads.reportId, reportId));

/** Objects in the worker's local R2 bucket (miniflare keeps one blob file per stored object). */
function storedObjects(): number {
  const dir = joinPath(persistTo, 'v3', 'r2', 'seydam-uploads', 'blobs');
  return existsSync(dir) ? readdirSync(dir).length : 0;
}

let editor: BuiltUser;
let viewer: BuiltUser;
let stranger: BuiltUser;
beforeAll(async () => {
  [editor, viewer, stranger] = await Promise.all([buildUser(), buildUser(), buildUser()]);
});

/** A report with an owner of its own (uploads are rate-limited per person), the shared editor and viewer. */
async function sharedReport(overrides: Parameters<typeof buildReport>[1] = {}) {
  const owner = await buildUser();
  const report = await buildReport(owner.id, overrides);
  await addMember(report.id, editor, 'editor');
  await addMember(report.id, viewer, 'viewer');
  return { report, owner };
}

describe('POST /api/reports/:id/uploads', () => {
  it('stores a PDF, extracts its text, and hands the same bytes back', async () => {
    const { report, owner } = await sharedReport();
    const bytes = pdfBytes([PDF_TEXT, 'Use British spelling throughout.'], { title: 'Assessment brief' });
    const before = storedObjects();
    const data = await created(await upload(report.id, owner, { bytes, filename: 'Assessment brief.pdf', type: 'application/pdf' }));

    expect(data).toMatchObject({
      kind: 'guideline',
      filename: 'Assessment brief.pdf',
      contentType: 'application/pdf',
      sizeBytes: bytes.byteLength,
      textTruncated: false,
      textLimit: UPLOAD_TEXT_MAX_CHARS,
      uploadedBy: { id: owner.id, fullName: owner.fullName },
      contentUrl: `/api/reports/${report.id}/uploads/${data.id}/content`,
    });
    expect(data.preview).toContain(PDF_TEXT);
    expect(data.preview).toContain('Use British spelling throughout.');
    expect(data.textChars).toBe(data.extractedChars);
    expect(data.referenceId).toMatch(/^ref-[0-9a-f]{12}$/);
    expect(data).not.toHaveProperty('storageKey');
    expect(data).not.toHaveProperty('extractedText');

    // Postgres holds the text; R2 holds the bytes under the report's prefix.
    const [row] = await rowsOf(report.id);
    expect(row).toMatchObject({ id: data.id, userId: owner.id, kind: 'guideline', storageKey: `reports/${report.id}/${data.id}`, sizeBytes: bytes.byteLength });
    expect(row!.extractedText).toBe(`${PDF_TEXT}\n\nUse British spelling throughout.`);
    expect(storedObjects()).toBe(before + 1);

    const content = await call(data.contentUrl, owner);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(content.headers.get('content-disposition')).toBe(`attachment; filename="Assessment brief.pdf"; filename*=UTF-8''Assessment%20brief.pdf`);
    expect(content.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
  });

  it('extracts the text of a DOCX built by the docx package (mammoth under workerd)', async () => {
    const { report } = await sharedReport();
    const bytes = await docxBytes('Marking scheme', [DOCX_RULE, 'Figures need captions.']);
    const data = await created(await upload(report.id, editor, { bytes, filename: 'Marking schème.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
    expect(data.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(data.uploadedBy.id).toBe(editor.id);
    expect(data.preview).toBe(`Marking scheme\n\n${DOCX_RULE}\n\nFigures need captions.`);
    expect(data.textChars).toBe(data.preview!.length);

    const content = await call(data.contentUrl, viewer);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-disposition')).toBe(`attachment; filename="Marking sch_me.docx"; filename*=UTF-8''Marking%20sch%C3%A8me.docx`);
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
  });

  it('takes UTF-8 text and Markdown as they are, typed by their content and name', async () => {
    const { report, owner } = await sharedReport();
    const text = '\uFEFFWord limit: 3000.\r\nNo footnotes — endnotes only.\r\n';
    const txt = await created(await upload(report.id, owner, { bytes: new TextEncoder().encode(text), filename: 'rules.txt', type: 'text/plain' }));
    expect(txt).toMatchObject({ contentType: 'text/plain; charset=utf-8', preview: 'Word limit: 3000.\nNo footnotes — endnotes only.', textChars: 47 });

    // Declared as octet-stream: the .md name says Markdown, the bytes say UTF-8 text.
    const md = await created(await upload(report.id, owner, { bytes: new TextEncoder().encode('# Style\n\n- Use APA 7.\n'), filename: 'style.md' }));
    expect(md).toMatchObject({ contentType: 'text/markdown; charset=utf-8', preview: '# Style\n\n- Use APA 7.' });
  });

  it('lists uploads oldest first with counts and previews, never keys or whole texts', async () => {
    const { report, owner } = await sharedReport();
    const pdf = await created(await upload(report.id, owner, { bytes: pdfBytes([PDF_TEXT]), filename: 'brief.pdf' }));
    const docx = await created(await upload(report.id, editor, { bytes: await docxBytes('Rules', [DOCX_RULE]), filename: 'rules.docx' }));
    const image = await created(await upload(report.id, owner, { bytes: PNG_BYTES, filename: 'figure.png', type: 'image/png', kind: 'image' }));

    const list = await listOf(report.id, viewer);
    expect(list.map((u) => [u.id, u.kind, u.filename])).toEqual([
      [pdf.id, 'guideline', 'brief.pdf'],
      [docx.id, 'guideline', 'rules.docx'],
      [image.id, 'image', 'figure.png'],
    ]);
    expect(list[0]).toMatchObject({ preview: PDF_TEXT, textChars: PDF_TEXT.length, referenceId: pdf.referenceId, uploadedBy: { id: owner.id } });
    expect(list[1]!.preview).toBe(`Rules\n\n${DOCX_RULE}`);
    expect(list[2]).toMatchObject({ contentType: 'image/png', textChars: null, preview: null, referenceId: null, sizeBytes: PNG_BYTES.byteLength });
    for (const u of list) {
      expect(Object.keys(u).sort()).toEqual(['contentType', 'contentUrl', 'createdAt', 'filename', 'id', 'kind', 'preview', 'referenceId', 'sizeBytes', 'textChars', 'uploadedBy']);
    }
  });

  it('cuts long text to the stored limit, says so, and accepts bodies far over the JSON limit', async () => {
    const { report, owner } = await sharedReport();
    // 300,000 characters: over the 256 KiB JSON body limit and over the text cap.
    const line = 'The quick brown fox jumps over the lazy dog.\n';
    const text = line.repeat(Math.ceil(300_000 / line.length)).slice(0, 300_000);
    const data = await created(await upload(report.id, owner, { bytes: new TextEncoder().encode(text), filename: 'long.txt' }));
    expect(data).toMatchObject({ textTruncated: true, textChars: UPLOAD_TEXT_MAX_CHARS, textLimit: UPLOAD_TEXT_MAX_CHARS });
    expect(data.extractedChars).toBe(text.trim().length);
    const [row] = await rowsOf(report.id);
    expect(row!.extractedText).toHaveLength(UPLOAD_TEXT_MAX_CHARS);
    // The bytes are kept whole.
    expect(row!.sizeBytes).toBe(300_000);
  });

  it('stores images (PNG) under their bare name and serves them inline', async () => {
    const { report, owner } = await sharedReport();
    const data = await created(await upload(report.id, owner, { bytes: PNG_BYTES, filename: 'figures/chart.png', type: 'image/png', kind: 'image' }));
    expect(data).toMatchObject({ kind: 'image', filename: 'chart.png', contentType: 'image/png', textChars: null, preview: null, extractedChars: null });
    const content = await call(data.contentUrl, viewer);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(content.headers.get('content-disposition')).toBe(`inline; filename="chart.png"; filename*=UTF-8''chart.png`);
    expect(content.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(PNG_BYTES);
  });

  it('answers 415 naming file for types the kind does not take, whatever the declared type, storing nothing', async () => {
    const { report, owner } = await sharedReport();
    const before = storedObjects();
    const cases: Array<[string, UploadInput]> = [
      ['a PNG as a guideline', { bytes: PNG_BYTES, filename: 'scan.pdf', type: 'application/pdf' }],
      ['a PDF as an image', { bytes: pdfBytes([PDF_TEXT]), filename: 'photo.png', type: 'image/png', kind: 'image' }],
      ['binary bytes named .pdf', { bytes: Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), filename: 'tool.pdf', type: 'application/pdf' }],
      ['HTML', { bytes: new TextEncoder().encode('<script>alert(1)</script>'), filename: 'page.html', type: 'text/html' }],
      ['SVG as an image', { bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), filename: 'x.svg', type: 'image/svg+xml', kind: 'image' }],
      ['Latin-1 text', { bytes: Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), filename: 'cafe.txt', type: 'text/plain' }],
      ['a zip that is not a Word document', { bytes: zipWith('content.xml'), filename: 'notes.docx' }],
    ];
    for (const [what, input] of cases) {
      const res = await upload(report.id, owner, input);
      expect(res.status, what).toBe(415);
      const error = await errorOf(res);
      expect(error, what).toMatchObject({ code: 'unsupported_media_type', field: 'file' });
      expect(error.message, what).toMatch(/^file: /);
    }
    expect(await rowsOf(report.id)).toHaveLength(0);
    expect(storedObjects()).toBe(before);
  });

  it('answers 422 naming file for a corrupt PDF or DOCX, storing nothing', async () => {
    const { report, owner } = await sharedReport();
    const before = storedObjects();
    const whole = pdfBytes([PDF_TEXT]);
    const docx = await docxBytes('Rules', [DOCX_RULE]);
    const cases: Array<[string, UploadInput]> = [
      ['a PDF header and garbage', { bytes: new TextEncoder().encode('%PDF-1.7\nthis is not a pdf at all\n'), filename: 'broken.pdf' }],
      ['a truncated PDF', { bytes: whole.slice(0, 120), filename: 'cut.pdf' }],
      ['a PDF with no text', { bytes: pdfBytes(['']), filename: 'scan.pdf' }],
      ['a truncated DOCX', { bytes: docx.slice(0, docx.length - 200), filename: 'cut.docx' }],
      ['a DOCX whose document.xml is not XML', { bytes: zipWith('word/document.xml', '<w:document><w:body'), filename: 'bad.docx' }],
    ];
    for (const [what, input] of cases) {
      const res = await upload(report.id, owner, input);
      expect(res.status, what).toBe(422);
      expect(await errorOf(res), what).toMatchObject({ code: 'unreadable_file', field: 'file' });
    }
    expect(await rowsOf(report.id)).toHaveLength(0);
    expect(storedObjects()).toBe(before);
  });

  it('answers 413 naming file past each kind’s size limit, storing nothing', async () => {
    const { report, owner } = await sharedReport();
    const before = storedObjects();
    const bigText = new Uint8Array(UPLOAD_MAX_BYTES.guideline + 1).fill(0x61);
    let res = await upload(report.id, owner, { bytes: bigText, filename: 'big.txt' });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({ code: 'payload_too_large', field: 'file', message: 'file: Guideline documents may be at most 10 MB.' });

    const bigImage = new Uint8Array(UPLOAD_MAX_BYTES.image + 1);
    bigImage.set(PNG_BYTES);
    res = await upload(report.id, owner, { bytes: bigImage, filename: 'big.png', kind: 'image' });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({ code: 'payload_too_large', field: 'file', message: 'file: Images may be at most 5 MB.' });

    // Past the route's own body limit the request is refused before it is read: the answer comes
    // back while the body has not been sent at all. (Sending it would race the server closing the
    // connection: the client can see a reset instead of the answer.)
    const refused = await headersOnlyUpload(report.id, owner, UPLOAD_MAX_BYTES.guideline + 200_000);
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ error: { code: 'payload_too_large', field: 'file' } });

    expect(await rowsOf(report.id)).toHaveLength(0);
    expect(storedObjects()).toBe(before);
  });

  it('answers 400 naming the field for a missing file, an empty file, a bad kind or a non-multipart body', async () => {
    const { report, owner } = await sharedReport();
    const form = new FormData();
    form.set('kind', 'guideline');
    let res = await fetchWorker(`${worker.url}/api/reports/${report.id}/uploads`, { method: 'POST', body: form, headers: { cookie: `seydam_session=${owner.session}` } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'file' });

    res = await upload(report.id, owner, { bytes: new Uint8Array(), filename: 'empty.txt' });
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'file', message: 'file: The file is empty.' });

    for (const kind of [null, 'video']) {
      res = await upload(report.id, owner, { bytes: PNG_BYTES, filename: 'a.png', kind });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'kind' });
    }

    res = await fetchWorker(`${worker.url}/api/reports/${report.id}/uploads`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'guideline', file: 'aGVsbG8=' }),
      headers: { cookie: `seydam_session=${owner.session}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'file' });
    expect(await rowsOf(report.id)).toHaveLength(0);
  });

  it('answers 401 without a session, 403 to a viewer or a foreign origin and 404 to a stranger, storing nothing', async () => {
    const { report, owner } = await sharedReport();
    const input = { bytes: pdfBytes([PDF_TEXT]), filename: 'brief.pdf' };
    expect((await upload(report.id, null, input)).status).toBe(401);
    const res = await upload(report.id, viewer, input);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
    expect((await upload(report.id, stranger, input)).status).toBe(404);
    // A form on another site posting with the owner's cookie (multipart needs no CORS preflight).
    expect((await upload(report.id, owner, { ...input, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect(await rowsOf(report.id)).toHaveLength(0);
  });

  it('limits uploads per person per hour (429 with Retry-After)', async () => {
    const user = await buildUser();
    const report = await buildReport(user.id);
    const hour = 3_600_000;
    // The limit's counter for this hour, as 60 earlier uploads would have left it.
    await testDb().insert(rateLimits).values({ key: `uploads:${user.id}`, windowStart: new Date(Math.floor(Date.now() / hour) * hour), count: 60 });
    const res = await upload(report.id, user, { bytes: pdfBytes([PDF_TEXT]), filename: 'brief.pdf' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await rowsOf(report.id)).toHaveLength(0);
  });

  it('holds at most 20 guideline documents per report (409 naming file)', async () => {
    const { report, owner } = await sharedReport();
    await testDb()
      .insert(uploads)
      .values(Array.from({ length: 20 }, (_, i) => ({ userId: owner.id, reportId: report.id, kind: 'guideline' as const, storageKey: `test/${report.id}/${i}`, filename: `${i}.txt`, contentType: 'text/plain; charset=utf-8', sizeBytes: 1, extractedText: 'x' })));
    const res = await upload(report.id, owner, { bytes: pdfBytes([PDF_TEXT]), filename: 'one-more.pdf' });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'too_many_uploads', field: 'file' });
    // Images are counted apart.
    await created(await upload(report.id, owner, { bytes: PNG_BYTES, filename: 'a.png', kind: 'image' }));
  });
});

describe('GET /api/reports/:id/uploads and …/content', () => {
  it('answers 401, 404 to a stranger, and 404 for another report’s upload', async () => {
    const { report, owner } = await sharedReport();
    const other = await buildReport(owner.id);
    const data = await created(await upload(report.id, owner, { bytes: pdfBytes([PDF_TEXT]), filename: 'brief.pdf' }));

    expect((await call(`/api/reports/${report.id}/uploads`, null)).status).toBe(401);
    expect((await call(`/api/reports/${report.id}/uploads`, stranger)).status).toBe(404);
    expect((await call(data.contentUrl, null)).status).toBe(401);
    expect((await call(data.contentUrl, stranger)).status).toBe(404);
    // The owner can read both reports, but the upload belongs to one of them.
    const crossed = await call(`/api/reports/${other.id}/uploads/${data.id}/content`, owner);
    expect(crossed.status).toBe(404);
    expect(await errorOf(crossed)).toMatchObject({ code: 'not_found', message: 'Upload not found.' });
    expect(await listOf(other.id, owner)).toEqual([]);
    expect((await call(`/api/reports/${report.id}/uploads/not-a-uuid/content`, owner)).status).toBe(400);
  });
});

describe('DELETE /api/reports/:id/uploads/:uploadId', () => {
  it('removes row and object for an editor; the content then answers 404', async () => {
    const { report, owner } = await sharedReport();
    const data = await created(await upload(report.id, owner, { bytes: pdfBytes([PDF_TEXT]), filename: 'brief.pdf' }));
    const before = storedObjects();

    const res = await call(`/api/reports/${report.id}/uploads/${data.id}`, editor, 'DELETE');
    expect(res.status).toBe(204);
    expect(await rowsOf(report.id)).toHaveLength(0);
    expect(storedObjects()).toBe(before - 1);
    expect((await call(data.contentUrl, owner)).status).toBe(404);
    expect(await listOf(report.id, owner)).toEqual([]);
    expect((await call(`/api/reports/${report.id}/uploads/${data.id}`, owner, 'DELETE')).status).toBe(404);
  });

  it('answers 403 to a viewer, 404 to a stranger and for another report’s upload, deleting nothing', async () => {
    const { report, owner } = await sharedReport();
    const other = await buildReport(owner.id);
    const data = await created(await upload(report.id, owner, { bytes: pdfBytes([PDF_TEXT]), filename: 'brief.pdf' }));
    expect((await call(`/api/reports/${report.id}/uploads/${data.id}`, null, 'DELETE')).status).toBe(401);
    expect((await call(`/api/reports/${report.id}/uploads/${data.id}`, viewer, 'DELETE')).status).toBe(403);
    expect((await call(`/api/reports/${report.id}/uploads/${data.id}`, stranger, 'DELETE')).status).toBe(404);
    expect((await call(`/api/reports/${other.id}/uploads/${data.id}`, owner, 'DELETE')).status).toBe(404);
    expect(await rowsOf(report.id)).toHaveLength(1);
    expect((await call(data.contentUrl, viewer)).status).toBe(200);
  });
});

describe('DELETE /api/reports/:id', () => {
  it('removes the report’s files from R2 along with their rows', async () => {
    const { report, owner } = await sharedReport();
    const pdf = await created(await upload(report.id, owner, { bytes: pdfBytes([PDF_TEXT]), filename: 'brief.pdf' }));
    await created(await upload(report.id, owner, { bytes: PNG_BYTES, filename: 'a.png', kind: 'image' }));
    const before = storedObjects();
    expect((await call(`/api/reports/${report.id}`, owner, 'DELETE')).status).toBe(204);
    expect(await rowsOf(report.id)).toHaveLength(0);
    expect(storedObjects()).toBe(before - 2);
    expect((await call(pdf.contentUrl, owner)).status).toBe(404);
  });
});

describe('DELETE /api/account', () => {
  it('removes the files of the account’s reports and its uploads to other people’s reports, and nobody else’s', async () => {
    const leaving = await buildUser();
    const own = await buildReport(leaving.id);
    await created(await upload(own.id, leaving, { bytes: pdfBytes([PDF_TEXT]), filename: 'mine.pdf' }));
    const { report: theirs, owner: stays } = await sharedReport();
    await addMember(theirs.id, leaving, 'editor');
    const contributed = await created(await upload(theirs.id, leaving, { bytes: PNG_BYTES, filename: 'figure.png', kind: 'image' }));
    const kept = await created(await upload(theirs.id, stays, { bytes: pdfBytes([PDF_TEXT]), filename: 'kept.pdf' }));
    const before = storedObjects();

    const res = await fetchWorker(`${worker.url}/api/account`, {
      method: 'DELETE',
      headers: { cookie: `seydam_session=${leaving.session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ password: leaving.password }),
    });
    expect(res.status).toBe(204);
    expect(storedObjects()).toBe(before - 2);
    expect((await call(contributed.contentUrl, stays)).status).toBe(404);
    const stillThere = await call(kept.contentUrl, stays);
    expect(stillThere.status).toBe(200);
    expect(new Uint8Array(await stillThere.arrayBuffer()).length).toBeGreaterThan(0);
  });
});

describe('guidelineDocuments', () => {
  it('gives the documents oldest first, sharing the budget fairly and leaving images out', async () => {
    const { report, owner } = await sharedReport();
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const row = (filename: string, text: string | null, s: number, kind: 'guideline' | 'image' = 'guideline') => ({
      userId: owner.id, reportId: report.id, kind, storageKey: `test/${report.id}/${filename}`, filename, contentType: 'text/plain; charset=utf-8', sizeBytes: 1, extractedText: text, createdAt: at(s),
    });
    // 😀 is one character (two UTF-16 units): the budget counts characters, and never splits one.
    await testDb().insert(uploads).values([row('long.txt', '😀'.repeat(500), 1), row('short.md', 'short text', 2), row('chart.png', null, 3, 'image'), row('mid.txt', 'm'.repeat(300), 4)]);

    const docs = await guidelineDocuments(testDb(), report.id, 400);
    expect(docs.map((d) => [d.filename, d.title, [...d.text].length, d.truncated])).toEqual([
      // 10 for the short one; the 390 left split evenly between the two longer ones.
      ['long.txt', 'long', 195, true],
      ['short.md', 'short', 10, false],
      ['mid.txt', 'mid', 195, true],
    ]);
    expect(docs[0]!.text).toBe('😀'.repeat(195));
    expect(docs.reduce((n, d) => n + [...d.text].length, 0)).toBeLessThanOrEqual(400);

    const roomy = await guidelineDocuments(testDb(), report.id, 10_000);
    expect(roomy.map((d) => [d.text.length, d.truncated])).toEqual([[1000, false], [10, false], [300, false]]);
    expect(await guidelineDocuments(testDb(), report.id, 0)).toEqual(docs.map((d) => ({ ...d, text: '', truncated: true })));
  });
});

describe('guideline documents in generation', () => {
  it('puts the text of an uploaded PDF and DOCX into the outline prompt', async () => {
    const { report, owner } = await sharedReport({ topic: 'Tidal power' });
    await created(await upload(report.id, owner, { bytes: pdfBytes([PDF_TEXT]), filename: 'brief.pdf' }));
    await created(await upload(report.id, editor, { bytes: await docxBytes('Marking scheme', [DOCX_RULE]), filename: 'marking.docx' }));
    openai.queue({ kind: 'text', text: JSON.stringify({ chapters: [{ title: 'Tides', sections: [{ title: 'Why the sea moves', notes: [] }] }] }) });

    const res = await fetchWorker(`${worker.url}/api/reports/${report.id}/outline`, {
      method: 'POST',
      headers: { cookie: `seydam_session=${owner.session}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(openai.requests).toHaveLength(1);
    const prompt = openai.requests[0]!.body.messages!.map((m) => m.content).join('\n');
    expect(prompt).toContain('Topic: Tidal power');
    expect(prompt).toContain(`Guideline document "brief.pdf":\n<<<\n${PDF_TEXT}\n>>>`);
    expect(prompt).toContain(`Guideline document "marking.docx":\n<<<\nMarking scheme\n\n${DOCX_RULE}\n>>>`);
    // Oldest first.
    expect(prompt.indexOf('brief.pdf')).toBeLessThan(prompt.indexOf('marking.docx'));
  });

  it('lists each guideline document as a citable reference after the scholarly sources', async () => {
    const { report, owner } = await sharedReport({ topic: 'Urban heat island mitigation', description: 'Cities are hotter than their surroundings.' });
    const pdf = await created(await upload(report.id, owner, { bytes: pdfBytes([PDF_TEXT]), filename: 'Assessment brief.pdf' }));
    await created(await upload(report.id, owner, { bytes: PNG_BYTES, filename: 'chart.png', kind: 'image' }));

    const res = await fetchWorker(`${worker.url}/api/reports/${report.id}/references/gather`, {
      method: 'POST',
      headers: { cookie: `seydam_session=${owner.session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ count: 5 }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const refs = ((await res.json()) as { data: { references: ReferenceDto[] } }).data.references;
    // Five scholarly sources as asked, then the document (images are not sources).
    expect(refs.map((r) => r.source)).toEqual(['openalex', 'openalex', 'openalex', 'crossref', 'crossref', 'upload']);
    expect(refs[5]).toMatchObject({ referenceId: pdf.referenceId, title: 'Assessment brief', externalId: pdf.id, authors: [], doi: null, abstract: PDF_TEXT });

    // In the live document under the same id, so a citation marker to it resolves.
    const live = readReferences(await serverDoc(report.id));
    expect(live.find((r) => r.source === 'upload')).toMatchObject({ id: pdf.referenceId, title: 'Assessment brief', externalId: pdf.id });
    const listed = await listOf(report.id, owner);
    expect(listed.find((u) => u.id === pdf.id)!.referenceId).toBe(pdf.referenceId);
  });
});

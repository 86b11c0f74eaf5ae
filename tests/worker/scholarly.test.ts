// The scholarly clients and the gathering against the fake OpenAlex/Crossref: wire-format mapping,
// abstract rebuilding, dedupe, filling from Crossref, and the retry/give-up rules.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mapCrossrefItem, searchCrossref, stripJats } from '../../worker/lib/scholarly/crossref';
import { buildQueries, dedupeSources, gatherReferences, normalizeTitle, pickSources, referenceId } from '../../worker/lib/scholarly/gather';
import { retryAfterMs } from '../../worker/lib/scholarly/http';
import { bareDoi, mapOpenAlexWork, rebuildAbstract, searchOpenAlex } from '../../worker/lib/scholarly/openalex';
import { ScholarlyError, scholarlyConfig, type ScholarlyConfig, type ScholarlySource } from '../../worker/lib/scholarly/types';
import { crossrefItem, openAlexWork, SCHOLARLY_CORPUS, startFakeScholarly, type FakeScholarly } from '../fakes/scholarly';

let fake: FakeScholarly;
let config: ScholarlyConfig;

beforeAll(async () => {
  fake = await startFakeScholarly();
  config = { openAlexBaseUrl: fake.openAlexUrl, crossrefBaseUrl: fake.crossrefUrl, mailto: 'research@seydam.test', maxRetryWaitMs: 2_000 };
});
afterAll(() => fake?.stop());
beforeEach(() => fake.reset());

const paper = (title: string) => SCHOLARLY_CORPUS.find((p) => p.title === title)!;
const source = (over: Partial<ScholarlySource>): ScholarlySource => ({
  title: 'A title',
  authors: [],
  year: null,
  venue: null,
  doi: null,
  url: null,
  abstract: null,
  source: 'openalex',
  externalId: 'W0',
  ...over,
});

describe('OpenAlex mapping', () => {
  it('maps a full work: bare DOI, W id, authors, venue, landing page, rebuilt abstract', () => {
    expect(mapOpenAlexWork(openAlexWork(paper('Urban heat island mitigation through green roofs')))).toEqual({
      title: 'Urban heat island mitigation through green roofs',
      authors: ['Ana Silva', 'Jon Berg'],
      year: 2019,
      venue: 'Urban Climate',
      doi: '10.1016/j.uhi.2019.001',
      url: 'https://doi.org/10.1016/j.uhi.2019.001',
      abstract: 'Green roofs lower surface temperatures in dense urban districts and reduce the urban heat island.',
      source: 'openalex',
      externalId: 'W1001',
    });
  });

  it('falls back to the open-access URL and leaves missing fields null', () => {
    expect(mapOpenAlexWork(openAlexWork(paper('Cool pavements and the urban heat island: a field study')))!.url).toBe('https://example.org/oa/cool-pavements.pdf');
    expect(mapOpenAlexWork(openAlexWork(paper('Street trees, shade and urban heat')))).toMatchObject({
      authors: [],
      venue: null,
      doi: null,
      abstract: null,
      url: 'https://repository.example.edu/street-trees',
    });
    expect(mapOpenAlexWork({ id: 'https://openalex.org/W9', display_name: '  ' })).toBeNull();
    expect(mapOpenAlexWork({ display_name: 'No id' })).toBeNull();
  });

  it('rebuilds an abstract by position, with repeated words and keys out of order', () => {
    expect(rebuildAbstract({ mat: [4], the: [0, 3], sat: [2], cat: [1] })).toBe('the cat sat the mat');
    expect(rebuildAbstract({ gap: [0], here: [5] })).toBe('gap here');
    expect(rebuildAbstract(null)).toBeNull();
    expect(rebuildAbstract({})).toBeNull();
    expect(rebuildAbstract({ huge: [10_000_000_000], ok: [0] })).toBe('ok');
  });

  it('strips DOI resolver prefixes', () => {
    expect(bareDoi('https://doi.org/10.1/X')).toBe('10.1/X');
    expect(bareDoi('http://dx.doi.org/10.1/x')).toBe('10.1/x');
    expect(bareDoi('doi:10.1/x')).toBe('10.1/x');
    expect(bareDoi('')).toBeNull();
    expect(bareDoi(null)).toBeNull();
  });
});

describe('Crossref mapping', () => {
  it('maps people and organisations, the issued year, the venue and a JATS abstract', () => {
    expect(mapCrossrefItem(crossrefItem(paper('Heat island intensity and urban form in European cities')))).toEqual({
      title: 'Heat island intensity and urban form in European cities',
      authors: ['Luca Rossi', 'European Urban Climate Consortium'],
      year: 2021,
      venue: 'Environmental Research Letters',
      doi: '10.1088/1748-9326/ab0003',
      url: 'https://doi.org/10.1088/1748-9326/ab0003',
      abstract: 'Across 120 cities, compact urban form raises night-time heat island intensity.',
      source: 'crossref',
      externalId: '10.1088/1748-9326/ab0003',
    });
  });

  it('leaves out what is missing and drops items without a DOI or title', () => {
    const mapped = mapCrossrefItem({ DOI: '10.5/ABC', title: ['T'], issued: { 'date-parts': [[null]] }, 'container-title': [] });
    expect(mapped).toEqual({ title: 'T', authors: [], year: null, venue: null, doi: '10.5/ABC', url: 'https://doi.org/10.5/ABC', abstract: null, source: 'crossref', externalId: '10.5/abc' });
    expect(mapCrossrefItem({ title: ['No DOI'] })).toBeNull();
    expect(mapCrossrefItem({ DOI: '10.5/x', title: [] })).toBeNull();
  });

  it('turns JATS into plain text', () => {
    expect(stripJats('<jats:title>Abstract</jats:title><jats:p>Heat &amp; <jats:italic>cities</jats:italic> &#8211; a study.</jats:p>')).toBe('Heat & cities – a study.');
    expect(stripJats('<jats:p> </jats:p>')).toBeNull();
  });
});

describe('requests', () => {
  it('asks OpenAlex with search, a capped per_page and mailto, naming Seydam in the User-Agent', async () => {
    const found = await searchOpenAlex(config, 'urban heat island', 500);
    expect(found.map((s) => s.externalId)).toEqual(['W1001', 'W1002', 'W1004', 'W1003']);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.query).toEqual({ search: 'urban heat island', per_page: '200', mailto: 'research@seydam.test' });
    expect(fake.requests[0]!.userAgent).toMatch(/^Seydam\/.*mailto:research@seydam\.test/);
  });

  it('asks Crossref with query, rows and mailto', async () => {
    const found = await searchCrossref({ ...config, mailto: null }, 'urban heat island', 2);
    expect(found).toHaveLength(2);
    expect(fake.requests[0]!.query).toEqual({ query: 'urban heat island', rows: '2' });
    expect(fake.requests[0]!.userAgent).toMatch(/^Seydam\//);
  });

  it('retries once after a 429, waiting what Retry-After says', async () => {
    fake.plan('openalex', [{ status: 429, retryAfter: '1' }]);
    const started = Date.now();
    const found = await searchOpenAlex(config, 'green roofs', 5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(found.map((s) => s.externalId)).toEqual(['W1001']);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('retries a 5xx once, then gives up with a clear error', async () => {
    fake.plan('crossref', [{ status: 503, retryAfter: '0' }]);
    await expect(searchCrossref(config, 'green roofs', 5)).resolves.toHaveLength(3);
    expect(fake.requests.map((r) => r.status)).toEqual([503, 200]);
    fake.reset();
    fake.down('openalex', 500);
    const err = await searchOpenAlex(config, 'green roofs', 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScholarlyError);
    expect((err as ScholarlyError).message).toMatch(/^OpenAlex: answered 500 twice/);
    expect((err as ScholarlyError).status).toBe(500);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up at once when Retry-After asks for longer than it will wait', async () => {
    fake.plan('openalex', [{ status: 429, retryAfter: '3600' }]);
    await expect(searchOpenAlex(config, 'green roofs', 5)).rejects.toThrow(/OpenAlex: rate limited/);
    expect(fake.requests).toHaveLength(1);
  });

  it('does not retry a 4xx other than 429', async () => {
    fake.plan('crossref', [{ status: 400, body: '{"status":"failed"}' }]);
    await expect(searchCrossref(config, 'x', 5)).rejects.toThrow(/Crossref: answered 400/);
    expect(fake.requests).toHaveLength(1);
  });

  it('reports an unreachable provider', async () => {
    await expect(searchOpenAlex({ ...config, openAlexBaseUrl: 'http://127.0.0.1:9' }, 'x', 5)).rejects.toThrow(/OpenAlex: unreachable/);
  });

  it('gives up on a provider that does not answer in time', async () => {
    fake.plan('openalex', [{ status: 200, delayMs: 1_000 }]);
    const started = Date.now();
    await expect(searchOpenAlex({ ...config, timeoutMs: 200 }, 'green roofs', 5)).rejects.toThrow('OpenAlex: the request timed out');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('dedupe and choice', () => {
  it('treats DOIs case-insensitively and normalized titles as one source, keeping the first and filling its gaps', () => {
    const out = dedupeSources([
      source({ externalId: 'W1', doi: '10.1/ABC', title: 'Heat' }),
      source({ source: 'crossref', externalId: '10.1/abc', doi: '10.1/abc', title: 'Heat (v2)', abstract: 'from crossref' }),
      source({ externalId: 'W2', title: 'Café Heat — a Study' }),
      source({ source: 'crossref', externalId: '10.2/x', doi: '10.2/x', title: 'cafe heat: a study.', venue: 'J' }),
      source({ externalId: 'W3', title: 'Other' }),
    ]);
    expect(out.map((s) => s.externalId)).toEqual(['W1', 'W2', 'W3']);
    expect(out[0]!.abstract).toBe('from crossref');
    expect(out[1]).toMatchObject({ doi: '10.2/x', venue: 'J' });
    expect(normalizeTitle('Café  Heat — a <i>Study</i>.')).toBe('cafe heat a study');
  });

  it('prefers sources with abstracts and keeps the found order', () => {
    const list = [source({ externalId: 'a' }), source({ externalId: 'b', abstract: 'x' }), source({ externalId: 'c' }), source({ externalId: 'd', abstract: 'y' })];
    expect(pickSources(list, 3).map((s) => s.externalId)).toEqual(['a', 'b', 'd']);
    expect(pickSources(list, 2).map((s) => s.externalId)).toEqual(['b', 'd']);
  });

  it('gives stable ids from the DOI (any case) or the provider id', () => {
    const id = referenceId({ doi: '10.1/ABC', source: 'openalex', externalId: 'W1' });
    expect(id).toMatch(/^ref-[0-9a-f]{12}$/);
    expect(referenceId({ doi: '10.1/abc', source: 'crossref', externalId: '10.1/abc' })).toBe(id);
    expect(referenceId({ doi: null, source: 'openalex', externalId: 'W1' })).not.toBe(id);
  });

  it('builds queries from the topic and the first outline titles, else the description', () => {
    expect(buildQueries({ topic: ' Urban  heat ', outlineTitles: ['Causes', '', 'Effects', 'Policy'] })).toEqual(['Urban heat', 'Urban heat Causes', 'Urban heat Effects']);
    expect(buildQueries({ topic: 'Urban heat', description: 'one two three four five six seven eight nine' })).toEqual(['Urban heat', 'Urban heat one two three four five six seven eight']);
  });
});

describe('gatherReferences', () => {
  const topic = 'Urban heat island mitigation';

  it('fills from Crossref when OpenAlex is short, deduped, abstracts first, count honoured', async () => {
    const { references, warnings } = await gatherReferences(config, { topic, count: 5 });
    expect(warnings).toEqual([]);
    expect(references.map((r) => [r.source, r.externalId])).toEqual([
      ['openalex', 'W1001'],
      ['openalex', 'W1002'],
      ['openalex', 'W1004'],
      ['crossref', '10.1016/j.rev.2017.0006'],
      ['crossref', '10.1016/j.scs.2022.0005'],
    ]);
    // W1004 had no abstract at OpenAlex; Crossref's copy of the same DOI supplied it.
    expect(references[2]!.abstract).toBe('Across 120 cities, compact urban form raises night-time heat island intensity.');
    expect(new Set(references.map((r) => r.id)).size).toBe(5);
    expect(fake.requests.map((r) => r.provider)).toEqual(['openalex', 'crossref']);
    // The same search gives the same ids.
    const again = await gatherReferences(config, { topic, count: 5 });
    expect(again.references.map((r) => r.id)).toEqual(references.map((r) => r.id));
  });

  it('does not ask Crossref when OpenAlex has enough', async () => {
    const { references } = await gatherReferences(config, { topic, count: 3 });
    expect(references.map((r) => r.externalId)).toEqual(['W1001', 'W1002', 'W1004']);
    expect(fake.requests.map((r) => r.provider)).toEqual(['openalex']);
  });

  it('searches with outline titles too', async () => {
    await gatherReferences(config, { topic, outlineTitles: ['Green roofs', 'Cool pavements'], count: 3 });
    expect(fake.requests.filter((r) => r.provider === 'openalex').map((r) => r.query.search)).toEqual([topic, `${topic} Green roofs`, `${topic} Cool pavements`]);
  });

  it('uses Crossref alone when OpenAlex is down, and says so', async () => {
    fake.down('openalex', 500);
    const { references, warnings } = await gatherReferences({ ...config, maxRetryWaitMs: 0 }, { topic, count: 2 });
    expect(references.every((r) => r.source === 'crossref')).toBe(true);
    expect(references).toHaveLength(2);
    expect(warnings).toEqual([expect.stringMatching(/^OpenAlex: answered 500/)]);
  });

  it('fails with both reasons when both are down', async () => {
    fake.down('openalex', 500);
    fake.down('crossref', 502);
    const err = await gatherReferences({ ...config, maxRetryWaitMs: 0 }, { topic, count: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScholarlyError);
    expect((err as ScholarlyError).provider).toBe('both');
    expect((err as ScholarlyError).message).toMatch(/OpenAlex: .*500.*; Crossref: .*502/);
  });

  it('reads its configuration from the bindings, with the public APIs as defaults', () => {
    expect(scholarlyConfig({})).toEqual({ openAlexBaseUrl: 'https://api.openalex.org', crossrefBaseUrl: 'https://api.crossref.org', mailto: null });
    expect(scholarlyConfig({ OPENALEX_BASE_URL: 'http://a', CROSSREF_BASE_URL: 'http://b', SCHOLARLY_MAILTO: 'm@x' })).toEqual({ openAlexBaseUrl: 'http://a', crossrefBaseUrl: 'http://b', mailto: 'm@x' });
  });
});

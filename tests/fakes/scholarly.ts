// A fake OpenAlex and Crossref on one loopback port (`/openalex/works`, `/crossref/works`),
// answering in their wire formats: OpenAlex's {meta:{count,...}, results:[work]} with DOI URLs,
// authorships and inverted-index abstracts; Crossref's {status, message-type, message:{total-results,
// items:[...]}} with title[] arrays, given/family or organisation authors, date-parts and JATS
// abstracts. Fields go missing the way they do in the real data. Works are filtered by the query's
// words and ranked by how many they contain. Every request is recorded; failures (429 with
// Retry-After, 5xx) can be planned per provider.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Provider = 'openalex' | 'crossref';

/** A paper in the fake's corpus, and how each provider holds it (absent: that provider does not have it). */
export interface FakePaper {
  title: string;
  doi: string | null;
  year: number | null;
  venue: string | null;
  /** People as given/family, organisations as name. */
  authors: Array<{ given?: string; family: string } | { name: string }>;
  abstract: string | null;
  openalex?: { id: string; landingPageUrl?: string | null; oaUrl?: string | null; citedBy?: number; hideAbstract?: boolean; doiOverride?: string | null };
  crossref?: { hideAbstract?: boolean; titleOverride?: string; doiOverride?: string };
}

export interface ScholarlyRequestRecord {
  provider: Provider;
  path: string;
  query: Record<string, string>;
  userAgent: string | undefined;
  status: number;
}

/** A planned answer that replaces the normal one for the next request to a provider. */
export interface PlannedFault {
  status: number;
  retryAfter?: string;
  body?: string;
  /** Waits this long before answering (a slow provider, for timeouts); with status 200 it then answers normally. */
  delayMs?: number;
}

export interface FakeScholarly {
  url: string;
  openAlexUrl: string;
  crossrefUrl: string;
  requests: ScholarlyRequestRecord[];
  /** Answers the next requests to `provider` with these, in order, before answering normally again. */
  plan(provider: Provider, faults: PlannedFault[]): void;
  /** Makes `provider` answer every request with `status` (null: back up). */
  down(provider: Provider, status: number | null): void;
  /** Forgets requests, plans and outages. */
  reset(): void;
  stop(): Promise<void>;
}

/** The default corpus: urban heat islands (both providers, with overlaps and gaps) and coral reefs. */
export const SCHOLARLY_CORPUS: FakePaper[] = [
  {
    title: 'Urban heat island mitigation through green roofs',
    doi: '10.1016/j.uhi.2019.001',
    year: 2019,
    venue: 'Urban Climate',
    authors: [{ given: 'Ana', family: 'Silva' }, { given: 'Jon', family: 'Berg' }],
    abstract: 'Green roofs lower surface temperatures in dense urban districts and reduce the urban heat island.',
    openalex: { id: 'W1001', landingPageUrl: 'https://doi.org/10.1016/j.uhi.2019.001', oaUrl: null, citedBy: 120 },
    crossref: {},
  },
  {
    title: 'Cool pavements and the urban heat island: a field study',
    doi: '10.1029/2020GL0002',
    year: 2020,
    venue: 'Geophysical Research Letters',
    authors: [{ given: 'Mei', family: 'Chen' }],
    abstract: 'Reflective pavements cut afternoon air temperature by up to one degree in the studied heat island.',
    openalex: { id: 'W1002', landingPageUrl: null, oaUrl: 'https://example.org/oa/cool-pavements.pdf', citedBy: 40 },
    // Crossref holds the same DOI in another case.
    crossref: { doiOverride: '10.1029/2020gl0002' },
  },
  {
    title: 'Street trees, shade and urban heat',
    doi: null,
    year: 2018,
    venue: null,
    authors: [],
    abstract: null,
    // A work OpenAlex knows without a DOI, venue, authors or abstract.
    openalex: { id: 'W1003', landingPageUrl: 'https://repository.example.edu/street-trees' },
  },
  {
    title: 'Heat island intensity and urban form in European cities',
    doi: '10.1088/1748-9326/ab0003',
    year: 2021,
    venue: 'Environmental Research Letters',
    authors: [{ given: 'Luca', family: 'Rossi' }, { name: 'European Urban Climate Consortium' }],
    abstract: 'Across 120 cities, compact urban form raises night-time heat island intensity.',
    // OpenAlex has no abstract for it; Crossref does, as JATS.
    openalex: { id: 'W1004', landingPageUrl: 'https://iopscience.example/ab0003', hideAbstract: true },
    crossref: {},
  },
  {
    title: 'Mitigating urban heat with water bodies',
    doi: '10.1016/j.scs.2022.0005',
    year: 2022,
    venue: 'Sustainable Cities and Society',
    authors: [{ given: 'Omar', family: 'Haddad' }],
    abstract: 'Ponds and fountains cool their surroundings within about fifty metres in a hot urban climate.',
    crossref: {},
  },
  {
    title: 'Urban heat islands: a review of mitigation strategies',
    doi: '10.1016/j.rev.2017.0006',
    year: 2017,
    venue: 'Renewable and Sustainable Energy Reviews',
    authors: [{ given: 'Priya', family: 'Nair' }, { given: 'Tom', family: 'Evans' }],
    abstract: 'We review green infrastructure, cool materials and urban design as heat island mitigation.',
    crossref: {},
  },
  {
    // Crossref's copy of W1001 under another DOI (a preprint): the same title, so a duplicate.
    title: 'Urban Heat Island Mitigation Through Green Roofs.',
    doi: '10.31223/preprint.0007',
    year: 2019,
    venue: 'EarthArXiv',
    authors: [{ given: 'Ana', family: 'Silva' }],
    abstract: 'Preprint of the green roofs study on the urban heat island.',
    crossref: {},
  },
  {
    title: 'Urban heat exposure and public health',
    doi: '10.1289/ehp.0008',
    year: 2016,
    venue: 'Environmental Health Perspectives',
    authors: [{ given: 'Sara', family: 'Okafor' }],
    abstract: null,
    crossref: {},
  },
  {
    title: 'Coral reef bleaching under marine heatwaves',
    doi: '10.1038/nature.0009',
    year: 2018,
    venue: 'Nature',
    authors: [{ given: 'Terry', family: 'Hughes' }],
    abstract: 'Marine heatwaves caused mass coral bleaching across the reef.',
    openalex: { id: 'W1009', landingPageUrl: 'https://www.nature.com/articles/0009', citedBy: 900 },
    crossref: {},
  },
];

const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'from', 'into', 'that', 'this', 'are', 'its', 'how', 'why', 'what', 'under']);

/** Lower-case words of 3+ letters, minus stop words. */
function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3 && !STOP_WORDS.has(w));
}

/** Papers of `provider` matching `query`, best first (most query words in title and abstract). */
function search(corpus: FakePaper[], provider: Provider, query: string): FakePaper[] {
  const terms = [...new Set(words(query))];
  return corpus
    .filter((p) => p[provider])
    .map((p, i) => {
      const text = new Set(words(`${p.title} ${p.abstract ?? ''}`));
      return { p, i, score: terms.filter((t) => text.has(t)).length };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.p);
}

function invertedIndex(text: string): Record<string, number[]> {
  const index: Record<string, number[]> = {};
  text.split(/\s+/).forEach((word, position) => {
    (index[word] ??= []).push(position);
  });
  return index;
}

function authorName(a: FakePaper['authors'][number]): string {
  return 'name' in a ? a.name : `${a.given ?? ''} ${a.family}`.trim();
}

/** A work as OpenAlex serializes it. */
export function openAlexWork(p: FakePaper) {
  const oa = p.openalex!;
  const doi = oa.doiOverride !== undefined ? oa.doiOverride : p.doi;
  return {
    id: `https://openalex.org/${oa.id}`,
    doi: doi ? `https://doi.org/${doi}` : null,
    title: p.title,
    display_name: p.title,
    relevance_score: 10.5,
    publication_year: p.year,
    publication_date: p.year ? `${p.year}-01-01` : null,
    ids: { openalex: `https://openalex.org/${oa.id}`, ...(doi ? { doi: `https://doi.org/${doi}` } : {}) },
    language: 'en',
    primary_location: {
      is_oa: Boolean(oa.oaUrl),
      landing_page_url: oa.landingPageUrl ?? null,
      pdf_url: null,
      source: p.venue ? { id: 'https://openalex.org/S1', display_name: p.venue, issn_l: null, type: 'journal' } : null,
      license: null,
      version: 'publishedVersion',
    },
    type: 'article',
    open_access: { is_oa: Boolean(oa.oaUrl), oa_status: oa.oaUrl ? 'green' : 'closed', oa_url: oa.oaUrl ?? null, any_repository_has_fulltext: false },
    authorships: p.authors.map((a, i) => ({
      author_position: i === 0 ? 'first' : 'middle',
      author: { id: `https://openalex.org/A${i + 1}`, display_name: authorName(a), orcid: null },
      institutions: [],
      countries: [],
      is_corresponding: i === 0,
      raw_author_name: authorName(a),
    })),
    cited_by_count: oa.citedBy ?? 0,
    abstract_inverted_index: p.abstract && !oa.hideAbstract ? invertedIndex(p.abstract) : null,
    updated_date: '2026-01-01T00:00:00.000000',
    created_date: '2020-01-01',
  };
}

/** An item as Crossref serializes it. */
export function crossrefItem(p: FakePaper) {
  const cr = p.crossref!;
  const doi = cr.doiOverride ?? p.doi!;
  return {
    indexed: { 'date-parts': [[2026, 1, 1]], 'date-time': '2026-01-01T00:00:00Z', timestamp: 1767225600000 },
    publisher: 'Example Publisher',
    ...(p.abstract && !cr.hideAbstract ? { abstract: `<jats:title>Abstract</jats:title><jats:p>${p.abstract.replace(/&/g, '&amp;')}</jats:p>` } : {}),
    DOI: doi,
    type: 'journal-article',
    source: 'Crossref',
    'is-referenced-by-count': 3,
    title: [cr.titleOverride ?? p.title],
    prefix: doi.split('/')[0],
    ...(p.authors.length > 0
      ? {
          author: p.authors.map((a, i) =>
            'name' in a ? { name: a.name, sequence: i === 0 ? 'first' : 'additional', affiliation: [] } : { given: a.given, family: a.family, sequence: i === 0 ? 'first' : 'additional', affiliation: [] },
          ),
        }
      : {}),
    'container-title': p.venue ? [p.venue] : [],
    ...(p.year ? { issued: { 'date-parts': [[p.year, 3]] } } : { issued: { 'date-parts': [[null]] } }),
    URL: `https://doi.org/${doi}`,
    score: 12.3,
  };
}

/** Starts the fake on a free loopback port. */
export async function startFakeScholarly(opts: { corpus?: FakePaper[] } = {}): Promise<FakeScholarly> {
  const corpus = opts.corpus ?? SCHOLARLY_CORPUS;
  const requests: ScholarlyRequestRecord[] = [];
  const plans: Record<Provider, PlannedFault[]> = { openalex: [], crossref: [] };
  const outages: Record<Provider, number | null> = { openalex: null, crossref: null };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/(openalex|crossref)\/works$/.exec(url.pathname);
    const query = Object.fromEntries(url.searchParams);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (match) requests.push({ provider: match[1] as Provider, path: url.pathname, query, userAgent: req.headers['user-agent'], status });
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (!match || req.method !== 'GET') return send(404, { error: 'not found' });
    const provider = match[1] as Provider;
    const fault = plans[provider].shift() ?? (outages[provider] !== null ? { status: outages[provider]! } : null);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed || res.writableEnded) return;
    if (fault && fault.status !== 200) return send(fault.status, fault.body ?? (fault.status === 429 ? 'Too Many Requests' : 'Internal Server Error'), fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});

    if (provider === 'openalex') {
      const q = url.searchParams.get('search') ?? '';
      const perPage = Number(url.searchParams.get('per_page') ?? '25');
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200) return send(400, { error: 'Invalid query parameters error.', message: 'per-page parameter must be between 1 and 200' });
      const found = search(corpus, 'openalex', q);
      return send(200, { meta: { count: found.length, db_response_time_ms: 7, page: 1, per_page: perPage, groups_count: null }, results: found.slice(0, perPage).map(openAlexWork), group_by: [] });
    }
    const q = url.searchParams.get('query') ?? '';
    const rows = Number(url.searchParams.get('rows') ?? '20');
    if (!Number.isInteger(rows) || rows < 0 || rows > 1000) return send(400, { status: 'failed', 'message-type': 'validation-failure', message: [{ type: 'integer-not-valid', value: String(rows), message: 'Integer specified as rows must be between 0 and 1000' }] });
    const found = search(corpus, 'crossref', q);
    return send(200, {
      status: 'ok',
      'message-type': 'work-list',
      'message-version': '1.0.0',
      message: { facets: {}, 'total-results': found.length, items: found.slice(0, rows).map(crossrefItem), 'items-per-page': rows, query: { 'start-index': 0, 'search-terms': q } },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openAlexUrl: `${url}/openalex`,
    crossrefUrl: `${url}/crossref`,
    requests,
    plan(provider, faults) {
      plans[provider].push(...faults);
    },
    down(provider, status) {
      outages[provider] = status;
    },
    reset() {
      requests.length = 0;
      plans.openalex.length = 0;
      plans.crossref.length = 0;
      outages.openalex = null;
      outages.crossref = null;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

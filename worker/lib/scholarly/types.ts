// The one shape every scholarly provider's work is normalized to: the columns of report_references.

/** A source as a provider found it, ready for report_references and the document's reference list. */
export interface ScholarlySource {
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  /** Bare DOI (`10.1234/abc`), never a https://doi.org/ URL. */
  doi: string | null;
  url: string | null;
  abstract: string | null;
  source: 'openalex' | 'crossref';
  /** The id at the provider: an OpenAlex work id (`W123`), a lower-case DOI for Crossref. */
  externalId: string;
}

/** Where and how to reach the providers. */
export interface ScholarlyConfig {
  openAlexBaseUrl: string;
  crossrefBaseUrl: string;
  mailto: string | null;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** The longest Retry-After we are willing to wait once (default 5 s); longer answers give up at once. */
  maxRetryWaitMs?: number;
}

/** A provider that could not answer: unreachable, timed out, refused twice, or sent something unreadable. */
export class ScholarlyError extends Error {
  constructor(
    /** 'both' when every provider failed (the message then lists each one's reason). */
    readonly provider: 'openalex' | 'crossref' | 'both',
    message: string,
    /** The provider's last HTTP status, when it answered at all. */
    readonly status: number | null = null,
  ) {
    super(provider === 'both' ? message : `${provider === 'openalex' ? 'OpenAlex' : 'Crossref'}: ${message}`);
    this.name = 'ScholarlyError';
  }
}

/** The providers' settings from the worker's bindings, with the public APIs as defaults. */
export function scholarlyConfig(env: { OPENALEX_BASE_URL?: string; CROSSREF_BASE_URL?: string; SCHOLARLY_MAILTO?: string }): ScholarlyConfig {
  return {
    openAlexBaseUrl: env.OPENALEX_BASE_URL || 'https://api.openalex.org',
    crossrefBaseUrl: env.CROSSREF_BASE_URL || 'https://api.crossref.org',
    mailto: env.SCHOLARLY_MAILTO || null,
  };
}

// The root compile (Node + DOM types) reaches worker/env.ts through the worker modules tests import,
// but not @cloudflare/workers-types, which clash with DOM. An empty stand-in names the R2 binding's
// type there; the worker's own compile (worker/tsconfig.json) uses the real one and never sees this file.
interface R2Bucket {}

// The report document model: one import for the room, the worker, the web client and the tests.
export * from './schema';
export * from './normalize';
export * from './codec';
export * from './body';
export * from './plain-text';
export * from './meta';
export * from './outline-read';
export * from './outline';
export * from './references';
export * from './build';
export * from './read';
export * from './coerce';
export * from './safe-url';
export * from './reference-format';
export * from './citations';
export * from './render-html';
export * from './render-markdown';

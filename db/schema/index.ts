// Every table of the product, one file per domain.
export * from './users';
export * from './auth';
export * from './folders';
export * from './reports';
export * from './jobs';
export * from './usage';
export * from './billing';
export * from './uploads';
export * from './sharing';
export * from './public';
export * from './audit';
export * from './mail';
export * from './history';

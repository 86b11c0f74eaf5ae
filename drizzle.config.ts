import { defineConfig } from 'drizzle-kit';

// Only `generate` is used: migrations are applied by `npm run db:migrate` through our own driver path.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  strict: true,
  casing: undefined,
});

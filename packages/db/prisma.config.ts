// Prisma CLI configuration: the JS schema engine (no native binary) over the same driver
// adapter the application uses, so `migrate deploy` behaves alike on PGlite and PostgreSQL.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { createAdapterFactory } from './src/adapter';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, '../../prisma/schema.prisma'),
  migrations: { path: path.join(__dirname, '../../prisma/migrations') },
  adapter: async () => createAdapterFactory(process.env.DATABASE_URL, { closeBeforeExit: true }),
});

// `pnpm db:migrate`: applies the migrations as the role DATABASE_URL names (the tables' owner)
// and, when DATABASE_APP_LOGIN names the application's login role, makes it a member of the
// application group role (docs/operations.md, "Database roles").
import { grantAppRole } from './app-role';
import { migrateDeploy } from './migrate';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  migrateDeploy(url);
  const login = process.env.DATABASE_APP_LOGIN;
  if (login) {
    if (!url) throw new Error('DATABASE_APP_LOGIN needs DATABASE_URL: embedded PGlite has one role');
    await grantAppRole(url, login);
    process.stdout.write(`migrations applied; ${login} is a member of the application role\n`);
  } else process.stdout.write('migrations applied\n');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

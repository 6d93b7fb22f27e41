// The application's database role on PostgreSQL. The migrations create the NOLOGIN group role
// APP_GROUP_ROLE and give it what the application needs (no UPDATE, DELETE or TRUNCATE on the
// audit tables); the operator's login role for the API and workers becomes a member of it here.
import pg from 'pg';

export const APP_GROUP_ROLE = 'portcullis_app';

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * Makes `login` (an existing role) a member of the application group, connected as the owner
 * (`ownerUrl`, the role that ran the migrations). Idempotent. Refuses the owner itself: an
 * application that owns the tables could rewrite the trail.
 */
export async function grantAppRole(ownerUrl: string, login: string): Promise<void> {
  if (!ROLE_NAME.test(login)) throw new Error(`not a role name: ${JSON.stringify(login)}`);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ owner: string; exists: boolean }>(
      `SELECT current_user AS owner, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists`,
      [login],
    );
    if (!rows[0]!.exists)
      throw new Error(`role ${login} does not exist: CREATE ROLE ${login} LOGIN PASSWORD '...' first`);
    if (rows[0]!.owner === login)
      throw new Error(
        `${login} runs the migrations (it owns the tables): the application needs a role of its own`,
      );
    await client.query(`GRANT ${APP_GROUP_ROLE} TO "${login}"`);
  } finally {
    await client.end();
  }
}

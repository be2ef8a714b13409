import type { DemoServer } from './server.js';

/** A call to the demo's API as one signed-in user: the JSON answer, or an error naming the status. */
export type ApiCall = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * Signs `username` in through the API (with the authenticator's code when the account has one) and
 * returns a caller with that session, for a test's setup: the steps a test does not drive through
 * the screens.
 */
export async function apiAs(server: DemoServer, username: string): Promise<ApiCall> {
  const user = server.users[username];
  if (!user) throw new Error(`no demo user ${username}`);
  const headers = { 'content-type': 'application/json', origin: server.url };
  const signedIn = await fetch(`${server.url}/api/v1/sessions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      username,
      password: user.password,
      ...(user.totpSecret ? { totp: await server.totp(username) } : {}),
    }),
  });
  if (signedIn.status !== 201) throw new Error(`${username} could not sign in: ${await signedIn.text()}`);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? { cookie, origin: server.url } : { ...headers, cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${username}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

/**
 * Creates a user of the admin's party through the API (`admin`: a caller signed in as that party's
 * admin) and adds it to the demo's users, to sign in as.
 */
export async function createUser(
  server: DemoServer,
  admin: { call: ApiCall; partyId: string },
  user: { username: string; displayName: string; roles: string[]; unitId?: string; personId?: string },
): Promise<void> {
  const { password } = await admin.call<{ password: string }>('POST', '/api/v1/users', user);
  server.users[user.username] = {
    username: user.username,
    partyId: admin.partyId,
    role: user.roles[0]!,
    password,
    totpSecret: undefined,
  };
}

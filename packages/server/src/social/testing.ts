import type { LightMyRequestResponse as Response } from 'fastify';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { testCatalog } from '../testing/test-catalog.ts';

export interface SocialFixture {
  t: TestApp;
  /** Three people. */
  users: [TestUser, TestUser, TestUser];
  /** One API call as a user (`url` after /api/v1). */
  call(u: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<Response>;
}

/** The real app on the fixed test catalogue, with three people, for the social module's tests. */
export async function socialFixture(): Promise<SocialFixture> {
  const t = await testApp({ catalogLookup: testCatalog() });
  const users: [TestUser, TestUser, TestUser] = [await t.makeUser(), await t.makeUser(), await t.makeUser()];
  return {
    t,
    users,
    call: (u, method, url, payload) => t.http.inject({ method, url: `/api/v1${url}`, headers: u.auth, ...(payload && { payload }) }),
  };
}

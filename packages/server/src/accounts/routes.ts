import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AdminUser,
  AdminUserList,
  ApiTokenList,
  AppPasswordInfo,
  NewAppPassword,
  ChangePasswordBody,
  CreateTokenBody,
  CreateUserBody,
  Empty,
  ErrorBody,
  IdParams,
  LoginBody,
  Me,
  NewApiToken,
  AdminUsersQuery,
  SetupState,
  SetupBody,
  TokenResponse,
  UpdateMeBody,
  UpdateUserBody,
} from '@runnel/api';
import { SESSION_COOKIE } from '../http/auth.ts';
import type { Accounts } from './service.ts';
import type { Api } from '../http/typed.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

/** HTTP routes of the accounts module: sign-in, /me, tokens, and user administration. */
export function accountsRoutes(app: Api, accounts: Accounts) {
  const signIn = (reply: FastifyReply, request: FastifyRequest, token: { access_token: string; expires_in: number }) => {
    reply.setCookie(SESSION_COOKIE, token.access_token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      path: '/',
      maxAge: token.expires_in,
    });
  };

  app.get(
    '/api/v1/auth/setup',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Whether the first administrator still has to be created', response: { 200: SetupState } },
    },
    async () => ({ needs_setup: await accounts.needsSetup() }),
  );

  app.post(
    '/api/v1/auth/setup',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'First run: create the administrator', body: SetupBody, response: { 200: TokenResponse, ...errors } },
    },
    async (request, reply) => {
      const token = await accounts.setup(request.body, request.headers['user-agent'] ?? null);
      signIn(reply, request, token);
      return token;
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets a session cookie and returns a bearer token',
        body: LoginBody,
        response: { 200: TokenResponse, ...errors },
      },
    },
    async (request, reply) => {
      const token = await accounts.login(request.body.username, request.body.password, request.ip, request.headers['user-agent'] ?? null);
      signIn(reply, request, token);
      return token;
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'End this session', response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await accounts.logout(request.principal!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: { tags: ['me'], summary: 'The signed-in user', response: { 200: Me, ...errors } },
    },
    async (request) => accounts.me(request.principal!.user),
  );

  app.patch(
    '/api/v1/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Change your display name or language',
        description: 'The language orders A–Z lists (Swedish files Å, Ä, Ö after Z); null follows the Accept-Language header.',
        body: UpdateMeBody,
        response: { 200: Me, ...errors },
      },
    },
    async (request) => accounts.updateMe(request.principal!.user, request.body),
  );

  app.put(
    '/api/v1/me/password',
    {
      schema: { tags: ['me'], summary: 'Change your password (ends your other sessions)', body: ChangePasswordBody, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await accounts.changePassword(request.principal!, request.body.current_password, request.body.new_password);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      schema: { tags: ['me'], summary: 'Your personal API tokens', response: { 200: ApiTokenList, ...errors } },
    },
    async (request) => ({ items: await accounts.listTokens(request.principal!.user) }),
  );

  app.post(
    '/api/v1/me/tokens',
    {
      schema: { tags: ['me'], summary: 'Create an API token (shown once)', body: CreateTokenBody, response: { 201: NewApiToken, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await accounts.createToken(request.principal!.user, request.body.name)),
  );

  app.delete(
    '/api/v1/me/tokens/:id',
    {
      schema: { tags: ['me'], summary: 'Revoke an API token', params: IdParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await accounts.revokeToken(request.principal!.user, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/app-password',
    {
      schema: { tags: ['me'], summary: 'Whether you have an app password for Subsonic apps', response: { 200: AppPasswordInfo, ...errors } },
    },
    async (request) => accounts.appPasswordInfo(request.principal!.user),
  );

  app.post(
    '/api/v1/me/app-password',
    {
      schema: {
        tags: ['me'],
        summary: 'Make a new app password for Subsonic apps (shown once; replaces the old one)',
        description:
          'Subsonic apps that sign requests with a token (md5 of password + salt) need a secret the server can recover; this is that secret, kept encrypted, separate from your main password.',
        response: { 201: NewAppPassword, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await accounts.createAppPassword(request.principal!.user)),
  );

  app.delete(
    '/api/v1/me/app-password',
    {
      schema: { tags: ['me'], summary: 'Remove your app password (Subsonic apps using it stop working)', response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await accounts.deleteAppPassword(request.principal!.user);
      return reply.code(204).send(null);
    },
  );

  // A user's public profile (GET /api/v1/users/:id) is the social module's: it adds followers and playlists.

  const admin = { admin: true };
  app.get(
    '/api/v1/admin/users',
    {
      config: admin,
      schema: { tags: ['admin'], summary: 'All users', querystring: AdminUsersQuery, response: { 200: AdminUserList, ...errors } },
    },
    async (request) => accounts.listUsers(request.query.limit ?? 50, request.query.offset ?? 0),
  );

  app.post(
    '/api/v1/admin/users',
    {
      config: admin,
      schema: { tags: ['admin'], summary: 'Create a user', body: CreateUserBody, response: { 201: AdminUser, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await accounts.createUser(request.body)),
  );

  app.get(
    '/api/v1/admin/users/:id',
    {
      config: admin,
      schema: { tags: ['admin'], summary: 'One user', params: IdParams, response: { 200: AdminUser, ...errors } },
    },
    async (request) => accounts.getUser(request.params.id),
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      config: admin,
      schema: {
        tags: ['admin'],
        summary: "Change a user's name, role, tier or password",
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: AdminUser, ...errors },
      },
    },
    async (request) => accounts.updateUser(request.params.id, request.body),
  );

  app.delete(
    '/api/v1/admin/users/:id',
    {
      config: admin,
      schema: { tags: ['admin'], summary: 'Delete a user and everything that is theirs', params: IdParams, response: { 204: Empty, ...errors } },
    },
    async (request, reply) => {
      await accounts.deleteUser(request.params.id);
      return reply.code(204).send(null);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { VERSION } from '../version.ts';

/** Registers the OpenAPI generator; must run before any route is added. */
export async function installOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Runnel API', version: VERSION, description: 'The native Runnel API, shaped like the Spotify Web API.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A session access token (from login) or a personal API token' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'runnel_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: ({ schema, url, route }) => {
      const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
      const transformed = { ...(schema as Record<string, unknown>) };
      if (isPublic) transformed.security = [];
      return { schema: transformed, url };
    },
  });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}

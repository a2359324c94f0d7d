import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

/**
 * The app as the route modules see it: a handler's `request.params`, `query` and `body`, and
 * what it may answer, are the static types of the route's own TypeBox schemas, so a route
 * cannot claim a shape its schema does not check. Only types change; validation stays Ajv's.
 */
export type Api = ReturnType<typeof typed>;

/** The same instance, typed by the TypeBox provider. */
export const typed = (app: FastifyInstance) => app.withTypeProvider<TypeBoxTypeProvider>();

import type { FastifyInstance } from 'fastify';
import { withScope } from '../viewer-scope.ts';
import type { Libraries } from './service.ts';

/**
 * Answers every request as its user may see the catalogue: after authentication (and a
 * route's own signed-URL check), the rest of the request (validation, handler, what it
 * starts) runs in the user's scope. Requests without a user (public share links, health)
 * stay unrestricted: a share link plays only what its owner could see when they made it.
 * The Subsonic surface authenticates inside its handler and sets the scope there.
 */
export function installViewerScope(app: FastifyInstance, libraries: Libraries) {
  app.addHook('preHandler', (request, _reply, done) => {
    const user = request.principal?.user;
    const viewerId = request.viewerId;
    if (!user && !viewerId) return done();
    const viewer = user && { id: user.id, role: user.role };
    // Usually known at once (grants in memory): no promise or extra turn on every request.
    const known = libraries.scopeAtOnce(viewer);
    if (known !== null) return known ? withScope(known, () => done()) : done();
    const scope = viewer ? libraries.scopeFor(viewer) : libraries.scopeOf(viewerId!);
    scope.then(
      (found) => withScope(found, () => done()),
      (error: unknown) => done(error as Error),
    );
  });
}

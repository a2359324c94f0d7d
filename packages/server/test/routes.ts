import type { RouteOptions } from 'fastify';

/** The HTTP methods a registered route answers. */
export function routeMethods(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? route.method : [route.method];
}

/** A URL for a route pattern, with each `:param` filled by a plausible id. */
export function concreteUrl(pattern: string, value = 'abcDEF123_-x'): string {
  return pattern.replace(/:(\w+)/g, () => value).replace(/\*$/, 'x');
}

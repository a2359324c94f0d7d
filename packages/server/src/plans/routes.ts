import { ErrorBody, Plan, PlanList, PlanParams, PlanPatch, PlanUsage } from '@runnel/api';
import type { Api } from '../http/typed.ts';
import type { Plans } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['plans'];

/** HTTP routes of the plans module: the plans for everyone, your usage, and the administrator's edits. */
export function plansRoutes(app: Api, plans: Plans) {
  app.get('/api/v1/plans', { schema: { tags, summary: 'What each plan gives', response: { 200: PlanList, ...errors } } }, async () => ({
    plans: await plans.list(),
  }));

  app.get(
    '/api/v1/me/plan',
    { schema: { tags, summary: 'Your plan, and the skips and listening it has left', response: { 200: PlanUsage, ...errors } } },
    async (request) => plans.usage(request.principal!.user.id, request.principal!.user.tier),
  );

  app.post(
    '/api/v1/me/plan/skips',
    {
      schema: {
        tags,
        summary: 'Skip forward: counted against the plan’s skips per hour, or refused with `skip_limit_reached`',
        response: { 200: PlanUsage, ...errors },
      },
    },
    async (request) => plans.skip(request.principal!.user.id, request.principal!.user.tier),
  );

  app.patch(
    '/api/v1/admin/plans/:id',
    {
      config: { admin: true },
      schema: {
        tags: ['admin'],
        summary: 'Change what a plan gives; open players follow at once',
        params: PlanParams,
        body: PlanPatch,
        response: { 200: Plan, ...errors },
      },
    },
    async (request) => plans.update(request.params.id, request.body),
  );
}

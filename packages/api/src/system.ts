import Type, { type Static } from 'typebox';

/** `GET /api/v1/server-info`: the version, and the features this server has (the player shows only those). */
export const ServerInfo = Type.Object({
  version: Type.String(),
  features: Type.Array(Type.String()),
  server_id: Type.String({
    description: 'Stable for this server whatever address it is reached by (LAN or WAN) and on every node: what apps key their stored data by',
  }),
});
export type ServerInfo = Static<typeof ServerInfo>;

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')]),
  version: Type.String(),
  uptime_s: Type.Number(),
  checks: Type.Record(Type.String(), Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) })),
  tools: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Union(
        [Type.Object({ source: Type.Union([Type.Literal('system'), Type.Literal('npm')]), path: Type.String(), version: Type.String() }), Type.Null()],
        { description: "Which copy of each external program the server uses: the system's (PATH) or an npm package's; null: none" },
      ),
    ),
  ),
});
export type Health = Static<typeof Health>;

/** A message on the live channel `/api/v1/events`. */
export const LiveEvent = Type.Object({ type: Type.String(), data: Type.Unknown(), at: Type.String() });
export type LiveEvent = Static<typeof LiveEvent>;

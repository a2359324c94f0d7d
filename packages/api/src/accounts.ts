import Type, { type Static } from 'typebox';
import { PagingParams, Strict } from './common.ts';

export const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' });
/** Length bounds of a password (also checked by the server where no schema applies, e.g. Subsonic). */
export const PASSWORD_LENGTH = { min: 8, max: 1024 } as const;
export const Password = Type.String({ minLength: PASSWORD_LENGTH.min, maxLength: PASSWORD_LENGTH.max });
export const DisplayName = Type.String({ minLength: 1, maxLength: 100 });
export const Role = Type.Union([Type.Literal('admin'), Type.Literal('user')]);
export const Tier = Type.Union([Type.Literal('free'), Type.Literal('premium')]);

/**
 * The languages Runnel sorts in (A–Z lists collate by the listener's language). Another
 * language is a literal here, its name below, and its rules in the server's language/collation.ts.
 */
export const Language = Type.Union([Type.Literal('en'), Type.Literal('sv')]);
export type Language = Static<typeof Language>;
/** Each language's name in itself, for Settings. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', sv: 'Svenska' };
export const LANGUAGES = Object.keys(LANGUAGE_NAMES) as Language[];
export type Role = Static<typeof Role>;
export type Tier = Static<typeof Tier>;

export const LoginBody = Strict({ username: Username, password: Type.String({ minLength: 1, maxLength: 1024 }) });
export type LoginBody = Static<typeof LoginBody>;

export const SetupBody = Strict({ username: Username, password: Password, display_name: Type.Optional(DisplayName) });
export type SetupBody = Static<typeof SetupBody>;

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the session expires' }),
});
export type TokenResponse = Static<typeof TokenResponse>;

/** The signed-in user, shaped like Spotify's current-user object. */
export const Me = Type.Object({
  id: Type.String(),
  display_name: Type.String(),
  type: Type.Literal('user'),
  uri: Type.String(),
  href: Type.String(),
  product: Tier,
  role: Role,
  username: Type.String(),
  images: Type.Array(Type.Object({ url: Type.String(), width: Type.Union([Type.Integer(), Type.Null()]), height: Type.Union([Type.Integer(), Type.Null()]) })),
  followers: Type.Object({ href: Type.Null(), total: Type.Integer() }),
  language: Type.Union([Language, Type.Null()], { description: "The language chosen in Settings; null: the browser's (Accept-Language)" }),
});
export type Me = Static<typeof Me>;

export const UpdateMeBody = Strict(
  {
    display_name: Type.Optional(DisplayName),
    language: Type.Optional(Type.Union([Language, Type.Null()], { description: "null: follow the browser's language" })),
  },
  { minProperties: 1 },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const ChangePasswordBody = Strict({ current_password: Type.String({ minLength: 1, maxLength: 1024 }), new_password: Password });
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const CreateTokenBody = Strict({ name: Type.String({ minLength: 1, maxLength: 100 }) });
export type CreateTokenBody = Static<typeof CreateTokenBody>;

export const ApiTokenInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ApiTokenInfo = Static<typeof ApiTokenInfo>;

export const NewApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'Shown once; Runnel keeps only its hash' }),
});
export type NewApiToken = Static<typeof NewApiToken>;

export const ApiTokenList = Type.Object({ items: Type.Array(ApiTokenInfo) });

/** Whether the caller has an app password for Subsonic apps (never the password itself). */
export const AppPasswordInfo = Type.Object({
  exists: Type.Boolean(),
  created_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type AppPasswordInfo = Static<typeof AppPasswordInfo>;

export const NewAppPassword = Type.Object({
  password: Type.String({ description: 'Shown once; use it as the password in Subsonic apps' }),
  created_at: Type.String({ format: 'date-time' }),
});
export type NewAppPassword = Static<typeof NewAppPassword>;

/** A user as an administrator sees it. */
export const AdminUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  display_name: Type.String(),
  role: Role,
  product: Tier,
  created_at: Type.String({ format: 'date-time' }),
});
export type AdminUser = Static<typeof AdminUser>;

export const AdminUserList = Type.Object({ items: Type.Array(AdminUser), total: Type.Integer() });

export const CreateUserBody = Strict({
  username: Username,
  password: Password,
  display_name: Type.Optional(DisplayName),
  role: Type.Optional(Role),
  product: Type.Optional(Tier),
});
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Strict(
  {
    display_name: Type.Optional(DisplayName),
    role: Type.Optional(Role),
    product: Type.Optional(Tier),
    password: Type.Optional(Password),
  },
  { minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

/** `GET /auth/setup`: whether the first administrator still has to be created. */
export const SetupState = Type.Object({ needs_setup: Type.Boolean() });
export type SetupState = Static<typeof SetupState>;

/** A page of the user list (administrators see up to 500 at once). */
export const AdminUsersQuery = Type.Object(PagingParams(50, 500));
export type AdminUsersQuery = Static<typeof AdminUsersQuery>;

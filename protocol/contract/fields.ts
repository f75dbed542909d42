// Argument fields shared by several commands. Each carries `rule`: the plain words the server puts
// after "'<field>' must be" when a value breaks it (protocol/contract/validate.ts), and that
// docs/protocol-commands.md prints, so the refusal, the client's check and the doc say one thing.
import {
  Type,
  type SchemaOptions,
  type TLiteral,
  type TProperties,
  type TSchema,
  type TUnion,
} from '@sinclair/typebox';
import {
  COURSE_MAX,
  COURSE_RE,
  ID_MAX,
  PAGE_LIMITS,
  LOGIN_PASSWORD_UNITS_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  USERNAME_MAX,
  USERNAME_MIN,
  USERNAME_RE,
} from './limits.js';

export type Role = 'student' | 'admin';
export type SessionRole = 'anon' | Role;
export const CHOICES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type Choice = (typeof CHOICES)[number];
export type Difficulty = 'Easy' | 'Medium' | 'Hard';
export const DIFFICULTIES: readonly Difficulty[] = ['Easy', 'Medium', 'Hard'];
/** When a student sees right/wrong and the correct letter (PROTOCOL.md 8, feature `review`). */
export type Feedback = 'immediate' | 'after-finish' | 'never';
export const FEEDBACKS: readonly Feedback[] = ['immediate', 'after-finish', 'never'];
export type PresenceState = 'present' | 'absent' | 'multiple' | 'camera-error' | 'stopped';
export const PRESENCE_STATES: readonly PresenceState[] = ['present', 'absent', 'multiple', 'camera-error', 'stopped'];

/** `rule`: what a valid value is, in words (see the file comment). */
export interface RuleOptions extends SchemaOptions {
  rule?: string;
}

/** One of the given strings; `rule` lists them. */
export function OneOf<const T extends readonly string[]>(values: T, opts: RuleOptions = {}) {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { rule: `one of ${values.join(', ')}`, ...opts },
  ) as unknown as TUnion<TLiteral<T[number]>[]>;
}

/** A whole number in [min, max]; an integral float64 passes (PROTOCOL.md 5). */
export const Int = (min: number, max: number, opts: RuleOptions = {}) =>
  Type.Integer({ minimum: min, maximum: max, rule: `a whole number from ${min} to ${max}`, ...opts });
export const Num = (min: number, max: number, opts: RuleOptions = {}) =>
  Type.Number({ minimum: min, maximum: max, rule: `a number from ${min} to ${max}`, ...opts });
export const Text = (min: number, max: number, opts: RuleOptions = {}) =>
  Type.String({
    minLength: min,
    maxLength: max,
    rule: min === max ? `${max} characters` : `${min}-${max} characters`,
    ...opts,
  });
export const Bool = (opts: RuleOptions = {}) => Type.Boolean({ rule: 'true or false', ...opts });
/** An object that ignores unknown keys: a newer client may send more (PROTOCOL.md 8 is additive). */
export const Args = <T extends TProperties>(props: T, opts: RuleOptions = {}) =>
  Type.Object(props, { rule: 'a map', ...opts });
/** A result object: exactly these keys, so the contract tests catch a field the server adds unannounced. */
export const Shape = <T extends TProperties>(props: T, opts: SchemaOptions = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });
export const Opt = <T extends TSchema>(s: T) => Type.Optional(s);

export const UsernameField = Type.String({
  pattern: USERNAME_RE.source,
  rule: `${USERNAME_MIN}-${USERNAME_MAX} characters of letters, digits, _ . -`,
});
/** A new password: the length in code points is a refinement (commands' `check`), the units bound keeps it cheap. */
export const NewPasswordField = Type.String({
  minLength: 1,
  maxLength: LOGIN_PASSWORD_UNITS_MAX,
  rule: `${PASSWORD_MIN}-${PASSWORD_MAX} characters`,
});
export const CourseField = Type.String({
  pattern: COURSE_RE.source,
  rule: `1-${COURSE_MAX} letters, digits, spaces, _ . -, starting with a letter or digit`,
});
export const IdField = Text(1, ID_MAX);
export const ChoiceField = OneOf(CHOICES);
export const DifficultyField = OneOf(DIFFICULTIES as readonly ['Easy', 'Medium', 'Hard']);
export const FeedbackField = OneOf(FEEDBACKS as readonly ['immediate', 'after-finish', 'never']);
export const RoleField = OneOf(['student', 'admin'] as const);
export const PresenceStateField = OneOf(
  PRESENCE_STATES as readonly ['present', 'absent', 'multiple', 'camera-error', 'stopped'],
);
export const Millis = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, rule: 'a time in ms since 1970' });
export const SafeInt = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  rule: 'a whole number, 0 or more',
});
export const Percent = Type.Number({ minimum: 0, maximum: 100 });

/** The same schema with `description`: what the value means, printed in docs/protocol-commands.md. */
export const Described = <T extends TSchema>(schema: T, description: string): T => ({ ...schema, description });

/** docs/protocol.md "Paging": either argument asks for one page; a 1.0 server ignores both. */
export const PageArgs = {
  limit: Opt(
    Int(1, PAGE_LIMITS.maxLimit, {
      feature: 'paging',
      description: `items in the page; absent with a \`cursor\`: ${PAGE_LIMITS.defaultLimit}`,
    }),
  ),
  cursor: Opt(
    Type.String({
      pattern: '^\\d{1,15}$',
      rule: 'a cursor from the previous page',
      feature: 'paging',
      description: 'the `cursor` of the previous page; absent: the first page',
    }),
  ),
};
export const Cursor = Opt(Type.String());

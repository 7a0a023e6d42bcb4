// The two ways the server answers some mistakes (ASP.NET's environment). Production is how the cloud answers;
// Development is how a self-hosted server in Development answers (and what the shared real recordings show).
// Every difference the emulator models is a setting of `environments`, which the code branches on; the README's table
// of differences is made from the same settings (`environmentTable`, held to the README by test/readme-examples.test.ts).
export type EnvironmentName = 'Production' | 'Development';

export const environmentNames: readonly EnvironmentName[] = ['Production', 'Development'];

/** What an environment changes, one member per difference. */
export interface EnvironmentSettings {
  readonly name: EnvironmentName;
  /**
   * A request the server cannot bind (invalid JSON, a wrong type, a missing required member or parameter, a body
   * without Content-Type): ASP.NET's titled problem in Development, the bare status in Production.
   */
  readonly unreadableRequest: 'empty' | 'problem';
  /** `GET /`: Program.cs maps the greeting outside Development only. */
  readonly root: 'greeting' | 'unmapped';
  /**
   * An alias another user holds, set by `/alias` or `/register/complete`: the cloud's SQL Server refuses it with its
   * unique index (409 `alias_conflict`); a self-hosted server's SQLite swallows the error and stores nothing.
   */
  readonly aliasConflict: 'refused' | 'swallowed';
}

export const environments: Readonly<Record<EnvironmentName, EnvironmentSettings>> = {
  Production: { name: 'Production', unreadableRequest: 'empty', root: 'greeting', aliasConflict: 'refused' },
  Development: { name: 'Development', unreadableRequest: 'problem', root: 'unmapped', aliasConflict: 'swallowed' },
};

type Setting = Exclude<keyof EnvironmentSettings, 'name'>;

/** How the README words each setting: the situation, and what each of its values answers. */
const wording: { readonly [S in Setting]: { situation: string; answers: Record<EnvironmentSettings[S], string> } } = {
  unreadableRequest: {
    situation:
      'A body or query value that cannot be bound (invalid JSON, a wrong type, a missing required member or parameter)',
    answers: {
      empty:
        '400 with an empty body; but a query value an operation with a validation filter cannot bind is first ' +
        'validated at its C# default (`GET /events` without `pageNumber`: the validation problem)',
      problem:
        '400 problem whose title names the parameter ("Failed to read parameter …", "Required parameter … was not provided …")',
    },
  },
  root: {
    situation: '`GET /`',
    answers: {
      greeting: '200 `text/plain`: "Hey, this place is for computers. …"',
      unmapped: '404 with an empty body',
    },
  },
  aliasConflict: {
    situation: 'An alias another user already holds, set by `POST /alias` or `/register/complete`',
    answers: {
      refused: "409 `alias_conflict` (the cloud's SQL Server refuses it)",
      swallowed: 'Success, and the alias is not stored (SQLite swallows the conflict)',
    },
  },
};

export interface EnvironmentDifference {
  situation: string;
  production: string;
  development: string;
}

/** The table of differences, one row per setting: the situation, then what Production and Development answer. */
export function environmentTable(): EnvironmentDifference[] {
  const answer = <S extends Setting>(setting: S, name: EnvironmentName): string =>
    wording[setting].answers[environments[name][setting]];
  return (Object.keys(wording) as Setting[]).map((setting) => ({
    situation: wording[setting].situation,
    production: answer(setting, 'Production'),
    development: answer(setting, 'Development'),
  }));
}

/** The environment a name means, in any case; throws an Error that names the choices (`what` names the setting). */
export function parseEnvironment(value: string, what = 'The environment'): EnvironmentName {
  const found = environmentNames.find((name) => name.toLowerCase() === value.toLowerCase());
  if (!found) throw new Error(`${what} must be ${environmentNames.join(' or ')}, not "${value}".`);
  return found;
}

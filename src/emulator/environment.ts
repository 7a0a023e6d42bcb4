// The two ways the server answers some mistakes (ASP.NET's environment). Production is how the cloud answers;
// Development is how a self-hosted server in Development answers (and what the shared real recordings show).
// Every difference the emulator models is in `environmentDifferences`, which the README's table repeats
// (test/readme-examples.test.ts keeps the two equal).
export type EnvironmentName = 'Production' | 'Development';

export const environmentNames: readonly EnvironmentName[] = ['Production', 'Development'];

export interface EnvironmentDifference {
  situation: string;
  production: string;
  development: string;
}

export const environmentDifferences: readonly EnvironmentDifference[] = [
  {
    situation:
      'A body or query value that cannot be bound (invalid JSON, a wrong type, a missing required member or parameter)',
    production: '400 with an empty body',
    development:
      '400 problem whose title names the parameter ("Failed to read parameter …", "Required parameter … was not provided …")',
  },
  {
    situation: '`GET /`',
    production: '200 `text/plain`: "Hey, this place is for computers. …"',
    development: '404 with an empty body',
  },
  {
    situation: 'An alias another user already holds, set by `POST /alias` or `/register/complete`',
    production: "409 `alias_conflict` (the cloud's SQL Server refuses it)",
    development: 'Success, and the alias is not stored (SQLite swallows the conflict)',
  },
];

/** The environment a name means, in any case; throws an Error that names the choices (`what` names the setting). */
export function parseEnvironment(value: string, what = 'The environment'): EnvironmentName {
  const found = environmentNames.find((name) => name.toLowerCase() === value.toLowerCase());
  if (!found) throw new Error(`${what} must be ${environmentNames.join(' or ')}, not "${value}".`);
  return found;
}

// Where the emulator answers otherwise than the real server's recordings, on purpose. Each entry names the exchange
// (scenario, its index, and the environments) and why following the server would harm its users or cannot be done
// offline. The conformance suite fails on any other difference, and on an entry that no longer differs.
import type { EnvironmentName } from '../../src/emulator/environment.js';

export interface DeliberateDifference {
  scenario: string;
  /** Index of the exchange in the scenario's recording. */
  exchange: number;
  environments: readonly EnvironmentName[];
  reason: string;
}

const bothEnvironments: readonly EnvironmentName[] = ['Development', 'Production'];

const noMetadataService =
  'The server checks AAGUIDs against the FIDO Metadata Service, which it downloads; the recorded server was offline ' +
  'and failed with a 500 (the cloud answers 204). The emulator cannot reach the MDS either, and failing would leave ' +
  'allowlists untestable, so it accepts every AAGUID except the nil one, as the cloud does for real authenticators.';

export const deliberateDifferences: readonly DeliberateDifference[] = [
  { scenario: 'authenticators', exchange: 0, environments: bothEnvironments, reason: noMetadataService },
  {
    scenario: 'authenticators',
    exchange: 1,
    environments: bothEnvironments,
    reason: 'The AAGUID the emulator accepted in exchange 0 is on the allowlist; the recorded server had stored none.',
  },
  {
    scenario: 'authenticators',
    exchange: 4,
    environments: bothEnvironments,
    reason: `${noMetadataService} The cloud would refuse this made-up AAGUID with a 400 that only the MDS can justify.`,
  },
  {
    scenario: 'alias-conflict',
    exchange: 2,
    environments: ['Production'],
    reason:
      'In Production the emulator answers as the cloud, whose SQL Server refuses an alias another user holds with 409 ' +
      'alias_conflict; the Production recording was made on SQLite, which swallows the conflict and answers 204 ' +
      '(Development answers so too).',
  },
];

#!/usr/bin/env node
// `passwordless-mock`: the mock server as a command (npx passwordless-mock --port 4010).
import { runMockCli } from './cli.js';

void runMockCli(process.argv.slice(2), { name: 'passwordless-mock' });

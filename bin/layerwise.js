#!/usr/bin/env node
'use strict';
// The CLI entry: the bundled build of server/cli.ts (run `npm run build` after a fresh clone).
require('../dist/cli.js');

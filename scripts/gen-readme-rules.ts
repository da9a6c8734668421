// Rewrites the rules table in README.md from the rules' metadata.
import { readFileSync, writeFileSync } from 'node:fs';
import { allRules } from '../rules';
import { renderRulesTable, replaceRulesTable } from './rulesTable';

const readme = readFileSync('README.md', 'utf8');
const next = replaceRulesTable(readme, renderRulesTable(allRules));
if (next !== readme) writeFileSync('README.md', next);
console.log(next === readme ? 'README rules table is up to date' : 'README rules table updated');

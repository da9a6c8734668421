/**
 * The (a) peer, dockerfile-utils `validate`, timed in a process of its own: Layerwise
 * speeds up the dockerfile-ast module it shares with dockerfile-utils
 * (rules/dockerfile/astMemo.ts), and the peer is measured as it ships, without that.
 *   node --import tsx bench/dockerfileUtilsPeer.ts <runs> <file>...   → PerItem as JSON
 */
import { readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { perItem } from './measure';

const [runs, ...files] = process.argv.slice(2);
const texts = files.map((f) => readFileSync(f, 'utf8'));
texts.forEach((t) => validate(t));
process.stdout.write(JSON.stringify(perItem(texts, (t) => validate(t), Number(runs))));

/**
 * dockerfile-ast recomputes an instruction's arguments from its text on every
 * `getRawArguments()` call, and its own parser calls it about seven times per
 * instruction (constructors, flags, heredocs, JSON forms): over half the time of a parse
 * on every keystroke (bench (c)). A parsed instruction never changes (its document is
 * never edited in place), so the first result is kept per instance. Callers get a copy
 * of the array: `ModifiableInstruction.getArguments` shifts the flags off the one it gets.
 *
 * The server also parses each document version more than once: the model for the rules,
 * then dockerfile-utils' validator for syntax errors and the language features, each with
 * its own `DockerfileParser.parse` of the same text. The tree of the last text parsed is
 * reused (none of them changes it), so a keystroke costs one parse.
 * Imported for its effect by the model, before any parse.
 */
import { DockerfileParser, Instruction, type Argument, type Dockerfile } from 'dockerfile-ast';

type WithRawArguments = { getRawArguments(): Argument[] };

const proto = Instruction.prototype as unknown as WithRawArguments & { layerwiseMemo?: true };
if (!proto.layerwiseMemo) {
  const compute = proto.getRawArguments;
  const memo = new WeakMap<object, Argument[]>();
  proto.getRawArguments = function (this: WithRawArguments): Argument[] {
    let args = memo.get(this);
    if (!args) {
      args = compute.call(this);
      memo.set(this, args);
    }
    return args.slice();
  };
  proto.layerwiseMemo = true;

  const parser = DockerfileParser as { parse(text: string): Dockerfile };
  const parseText = parser.parse;
  let lastText: string | undefined;
  let lastTree: Dockerfile | undefined;
  parser.parse = (text: string): Dockerfile => {
    if (lastTree === undefined || text !== lastText) {
      lastTree = parseText(text);
      lastText = text;
    }
    return lastTree;
  };
}

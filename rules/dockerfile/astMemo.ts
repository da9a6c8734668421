/**
 * dockerfile-ast recomputes an instruction's arguments from its text on every
 * `getRawArguments()` call, and its own parser calls it about seven times per
 * instruction (constructors, flags, heredocs, JSON forms): over half the time of a parse
 * on every keystroke (bench (c)). A parsed instruction never changes (its document is
 * never edited in place), so the first result is kept per instance. Callers get a copy
 * of the array: `ModifiableInstruction.getArguments` shifts the flags off the one it gets.
 * Imported for its effect by the model, before any parse.
 */
import { Instruction, type Argument } from 'dockerfile-ast';

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
}

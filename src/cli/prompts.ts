/**
 * The questions of `new` on a terminal, asked with @inquirer/prompts (maintained, typed, keyboard-driven
 * selects, inline validation messages, a typed error on Ctrl+C). Version 7 ships CommonJS beside ESM, so this
 * CommonJS package loads it with a plain require.
 */
import { input, select } from "@inquirer/prompts";
import type { Prompter } from "./commands/new";
import { EXIT, ExitError } from "./exit";

/** A Prompter on the process's terminal. */
export function terminalPrompter(): Prompter {
  return {
    input: (message, { default: initial, validate }) =>
      cancellable(
        input({
          message,
          ...(initial !== undefined ? { default: initial } : {}),
          ...(validate ? { validate: (v: string) => validate(v) ?? true } : {}),
        }),
      ),
    select: (message, choices, initial) =>
      cancellable(select({ message, choices: [...choices], ...(initial !== undefined ? { default: initial } : {}) })),
  };
}

/** Ctrl+C (or a closed terminal) ends the command: nothing has been written yet. */
async function cancellable<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (err) {
    if (err instanceof Error && err.name === "ExitPromptError") throw new ExitError(EXIT.ERROR, "cancelled: nothing was written");
    throw err;
  }
}

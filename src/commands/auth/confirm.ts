// A yes/no question on the terminal whose answer defaults to no: for what
// cannot be undone (replacing or removing stored profiles).
import type { Io } from '../../terminal/io.js';
import { PromptEnded, type Prompter } from '../../terminal/prompt.js';

/**
 * True only for "y" or "yes". Ctrl-D or an empty answer is no; Ctrl-C is
 * PromptInterrupted, for the caller to end with 130. With `prompter`, that one
 * is used and left open (login asks its secrets next).
 */
export async function confirm(io: Io, question: string, prompter?: Prompter): Promise<boolean> {
  const asking = prompter ?? (await io.openPrompter());
  try {
    const answer = (await asking.ask(question)).trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  } catch (error) {
    if (error instanceof PromptEnded) return false;
    throw error;
  } finally {
    if (prompter === undefined) asking.close();
  }
}

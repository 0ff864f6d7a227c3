/** What went wrong, as one line of text: an Error's message, or anything else as a string. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A message without its closing full stop, to be followed by more of the sentence. */
export const withoutStop = (text: string): string => text.replace(/[\s.]+$/, '');

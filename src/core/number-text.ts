/** Counts as the page writes them: "10,000 test digits", the same on every machine whatever its locale. */
export const countText = (n: number): string => n.toLocaleString('en-US');

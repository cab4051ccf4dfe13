// Wording shared by the panels.

/** "1 error", "2 errors", "0 records": a count with its noun, singular only for one. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A line to stderr (systemd's journal keeps it); `fields` are printed as JSON after the message. */
export type Log = (message: string, fields?: Record<string, unknown>) => void;

export const stderrLog: Log = (message, fields) => {
  process.stderr.write(`runnel box: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
};

/** A log that keeps its lines (tests read them). */
export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const log = ((message: string, fields?: Record<string, unknown>) => void lines.push(`${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`)) as Log & {
    lines: string[];
  };
  log.lines = lines;
  return log;
}

/** The message of anything thrown. */
export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

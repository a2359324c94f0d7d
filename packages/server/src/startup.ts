import type { Config } from './config.ts';
import type { RunningServer } from './server.ts';
import { describeTool, serverTools } from './tools/report.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * What `runnel serve` prints for a person (on a terminal these lines are all there is
 * besides warnings): where to open it, where its data is, which ffmpeg it uses, and how the
 * library is coming along.
 */
export async function printStartup(server: RunningServer, config: Config): Promise<void> {
  const needsSetup = await server.app.accounts.needsSetup();
  const noMusic = config.music.length === 0 && (await server.app.library.folders()).length === 0;
  say(`\nRunnel is running: open ${server.url}`);
  if (needsSetup) say('No account exists yet: the first person to open it creates the administrator.');
  say(`Data: ${config.dataDir}  Database: ${config.db.replace(/\/\/[^@/]*@/, '//***@')}`);
  const { ffmpeg } = await serverTools();
  say(describeTool('ffmpeg', ffmpeg) + (ffmpeg ? '' : ': transcoding unavailable, and no demo library (run npm ci, or install ffmpeg)'));
  if (config.role !== 'all') say(`Role: ${config.role}, a node of a cluster (bus ${config.bus.replace(/\/\/[^@/]*@/, '//***@')})`);
  // The workers scan and watch the library; api and stream nodes only serve it.
  if (config.role === 'api' || config.role === 'stream') return;
  say(noMusic ? 'Library: making the demo library (no music folder given; see --music)…' : 'Library: scanning…');
  const started = performance.now(); // how long the first scan took (a duration)
  server.libraryReady.then(
    async () => {
      const status = await server.app.library.status();
      say(
        `Library ready: ${status.counts.walked} audio files in ${((performance.now() - started) / 1000).toFixed(1)} s${status.issue_count ? ` (${status.issue_count} issues: see Settings)` : ''}\n`,
      );
    },
    (error: unknown) => say(`Library: the first scan failed: ${(error as Error).message}\n`),
  );
}

import { createInterface } from 'node:readline';
import { ConfigError, loadConfig, settingsHelp } from './config.ts';

const HELP = `runnel — a self-hosted music streaming server

Usage:
  runnel serve [options]                 start the server
  runnel migrate [options]               apply database migrations and exit
  runnel scan [--full] [options]         scan the music folders now, with progress and a summary
  runnel user add NAME [--admin] [--premium]   create a user (password from the terminal or stdin)
  runnel user list                       list users
  runnel user passwd NAME                set a user's password
  runnel user delete NAME                delete a user
  runnel user set-tier NAME free|premium set a user's tier
  runnel search reindex                  rebuild the search index from its sources
  runnel box --server URL --token TOKEN  run a Runnel Box: a headless player that plays cards (runnel box --help)
  runnel doctor                          which ffmpeg, ffprobe, xmllint and Chromium are used (system or npm), and what ffmpeg can encode
  runnel --help                          this text

Options (each also read from the environment variable beside it):
${settingsHelp()}
`;

/** Entry point of the `runnel` command. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  try {
    // Each command loads only its own modules: `runnel scan` does not need the web server's
    // hundreds of modules, and loading them was most of an unchanged rescan's time.
    if (command === 'serve') return await serve(rest);
    if (command === 'migrate') return await migrateCommand(rest);
    if (command === 'scan') return await (await import('./library/cli.ts')).scanCommand(rest);
    if (command === 'user') return await (await import('./accounts/cli.ts')).userCommand(rest, readPassword);
    if (command === 'search') return await (await import('./search/cli.ts')).searchCommand(rest);
    if (command === 'box') return await (await import('../../box/src/cli.ts')).boxCommand(rest);
    if (command === 'doctor') return void process.stdout.write(await (await import('./tools/report.ts')).doctorReport());
    fail(`unknown command "${command}"; see runnel --help`);
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
    throw error;
  }
}

async function serve(argv: string[]) {
  const { config, rest } = loadConfig(argv);
  if (rest.length) throw new ConfigError(`unexpected argument "${rest[0]}"`);
  const [{ startServer }, { printStartup }] = await Promise.all([import('./server.ts'), import('./startup.ts')]);
  const server = await startServer(config);
  await printStartup(server, config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.http.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await server.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function migrateCommand(argv: string[]) {
  const { config } = loadConfig(argv);
  const { migrate, openDatabase } = await import('./db/database.ts');
  const database = openDatabase(config.db);
  try {
    const applied = await migrate(database.db);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
  } finally {
    await database.close();
  }
}

/** Reads a password: hidden, twice, from a terminal; else the first line of stdin. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  const ask = (text: string) =>
    new Promise<string>((resolvePassword) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const output = rl as unknown as { _writeToOutput: (s: string) => void };
      output._writeToOutput = (s: string) => {
        if (s.startsWith(text)) process.stdout.write(text);
      };
      rl.question(text, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolvePassword(answer);
      });
    });
  const first = await ask(prompt);
  const second = await ask('Again: ');
  if (first !== second) fail('the passwords differ');
  return first;
}

export function fail(message: string): never {
  process.stderr.write(`runnel: ${message}\n`);
  process.exit(2);
}

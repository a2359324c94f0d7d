import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { migrate, openDatabase } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { createInProcessBus } from '../events/bus.ts';
import { systemClock } from '../time.ts';
import { createAccounts } from './service.ts';

/** `runnel user add|list|passwd|delete|set-tier …`, working directly on the database. */
export async function userCommand(argv: string[], readPassword: (prompt: string) => Promise<string>): Promise<void> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { admin: { type: 'boolean' }, premium: { type: 'boolean' }, data: { type: 'string' }, db: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const { config } = loadConfig([...(values.data ? ['--data', values.data] : []), ...(values.db ? ['--db', values.db] : [])]);
  const database = openDatabase(config.db);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await migrate(database.db);
    const accounts = createAccounts({ db: database.db, events: createInProcessBus(), sessionTtlS: config.sessionTtlS, now: systemClock.now });
    const name = positionals[0];
    const needName = () => {
      if (!name) throw new ConfigError(`runnel user ${action} needs a username`);
      return name;
    };
    const existing = async () => {
      const user = await accounts.userByName(needName());
      if (!user) throw new AppError('user_not_found', 404, `no user "${name}"`);
      return user;
    };
    switch (action) {
      case 'add': {
        const username = needName();
        const password = await readPassword(`Password for ${username}: `);
        if (password.length < 8) throw new AppError('weak_password', 400, 'the password needs at least 8 characters');
        const user = await accounts.createUser({
          username,
          password,
          role: values.admin ? 'admin' : 'user',
          product: values.premium || values.admin ? 'premium' : 'free',
        });
        out(`Created ${user.role} ${user.username} (${user.product}).`);
        break;
      }
      case 'list': {
        const { items } = await accounts.listUsers(500, 0);
        for (const u of items) out(`${u.username.padEnd(24)} ${u.role.padEnd(6)} ${u.product.padEnd(8)} ${u.display_name}`);
        if (!items.length) out('No users yet.');
        break;
      }
      case 'passwd': {
        const user = await existing();
        const password = await readPassword(`New password for ${user.username}: `);
        await accounts.updateUser(user.id, { password });
        out(`Password changed; ${user.username}'s sessions were ended.`);
        break;
      }
      case 'delete': {
        const user = await existing();
        await accounts.deleteUser(user.id);
        out(`Deleted ${user.username}.`);
        break;
      }
      case 'set-tier': {
        const tier = positionals[1];
        if (tier !== 'free' && tier !== 'premium') throw new ConfigError('the tier must be "free" or "premium"');
        const user = await existing();
        await accounts.updateUser(user.id, { product: tier });
        out(`${user.username} is now ${tier}.`);
        break;
      }
      default:
        throw new ConfigError(`unknown user action "${action ?? ''}"; one of add, list, passwd, delete, set-tier`);
    }
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`runnel: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await database.close();
  }
}

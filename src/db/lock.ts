import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export class DatabaseLockedError extends Error {
  readonly holder: LockHolder;
  constructor(dir: string, holder: LockHolder) {
    super(
      `The embedded database in ${dir} is in use by process ${holder.pid} on ${holder.host} ` +
        `("${holder.command}", since ${holder.startedAt}). Stop that process first, or point this ` +
        `command at the running server's database with DATABASE_URL.`,
    );
    this.name = 'DatabaseLockedError';
    this.holder = holder;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database belongs to one process at a time. The lock file names its holder so the
 * second process can say who holds it; a lock left by a dead process on this host is taken over.
 */
export function acquireDirLock(dir: string): () => void {
  const file = join(dir, 'ytcs.lock');
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(' ').slice(0, 200) || 'node',
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
          if (current.pid === me.pid) rmSync(file, { force: true });
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: LockHolder;
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
      } catch {
        // A half-written lock file: its writer died between open and write.
        rmSync(file, { force: true });
        continue;
      }
      if (holder.host === me.host && !isAlive(holder.pid)) {
        rmSync(file, { force: true });
        continue;
      }
      throw new DatabaseLockedError(dir, holder);
    }
  }
  throw new Error(`Could not take the database lock in ${dir}`);
}

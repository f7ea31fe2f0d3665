import cliProgress from 'cli-progress';

/**
 * A progress bar per named step, on stderr (so stdout stays clean for piping). Falls back to one line
 * per step when stderr is not a terminal (CI logs).
 */
export function progressReporter(): {
  update: (step: string, done: number, total: number) => void;
  stop: () => void;
} {
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  let current = '';
  return {
    update(step, done, total) {
      if (step !== current) {
        bar?.stop();
        current = step;
        if (tty) {
          bar = new cliProgress.SingleBar(
            {
              format: `${step.padEnd(24)} [{bar}] {percentage}% {value}/{total} ({duration}s)`,
              stream: process.stderr,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
      }
      if (bar) {
        bar.setTotal(total);
        bar.update(done);
      } else if (done === total) process.stderr.write(`${step}: ${done}/${total}\n`);
    },
    stop() {
      bar?.stop();
      bar = undefined;
      current = '';
    },
  };
}

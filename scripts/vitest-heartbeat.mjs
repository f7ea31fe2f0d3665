// A vitest reporter for scripts/run-unit-tests.mjs: writes which test files are running and when
// the last test finished to the file named by YTCS_TEST_HEARTBEAT, so the watchdog can tell a slow
// run from a stalled one and name the stalled files.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class HeartbeatReporter {
  running = new Map();
  last = '';

  write() {
    const file = process.env.YTCS_TEST_HEARTBEAT;
    if (!file) return;
    const lines = [
      `last: ${this.last}`,
      ...[...this.running].map(([id, since]) => `running: ${id} since ${since}`),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
  }

  key(testModule) {
    return `[${testModule.project.name}] ${relative(process.cwd(), testModule.moduleId)}`;
  }

  onTestModuleStart(testModule) {
    this.running.set(this.key(testModule), new Date().toISOString());
    this.write();
  }

  onTestCaseResult(testCase) {
    this.last = `${this.key(testCase.module)} › ${testCase.fullName} (${testCase.result().state})`;
    this.write();
  }

  onTestModuleEnd(testModule) {
    this.running.delete(this.key(testModule));
    this.last = `${this.key(testModule)} finished`;
    this.write();
  }
}

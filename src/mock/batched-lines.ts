// Under load the request log is thousands of lines a second. Written one by one, each line is a synchronous write
// when stdout is a file, a pipe or /dev/null; gathered per turn of the event loop, it is one write for all of them.
// Whatever is still gathered is written before the process exits, so no line is lost on Ctrl+C.
import { writeSync } from 'node:fs';

export function batchedLines(fd = 1): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    try {
      writeSync(fd, text);
    } catch {
      // A closed stdout (the reader went away) must not take the mock down.
    }
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

// Peak RSS of the processes this one started (DynamoDB Local's JVM): the kernel's high-water mark, read from /proc.
import { readdir, readFile } from 'node:fs/promises';

/** Sum of VmHWM over this process's living children, in MB; undefined where /proc does not say (not Linux). */
export async function childrenPeakRssMb(): Promise<number | undefined> {
  try {
    const tasks = await readdir('/proc/self/task');
    const children = (await Promise.all(tasks.map((task) => readFile(`/proc/self/task/${task}/children`, 'utf8')))).flatMap((list) => list.split(/\s+/).filter(Boolean));
    let kb = 0;
    for (const pid of children) kb += Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return undefined;
  }
}

// V8 settings for the commands that keep running (serve, start, local mode), set from inside the
// process: npm start's command line must also run on Node 20, whose V8 refuses flags it does not know.
import { setFlagsFromString } from "node:v8";

/**
 * On Node 24, V8 frees the memory of Maglev's finished compile jobs on its worker threads. On a
 * busy 2-core machine those threads lag, and under load 100–150 jobs' memory (about 130 KB each)
 * waited at once: 10–20 MB of peak RSS. Freed on the main thread as each job is installed, the
 * peak is gone at no CPU cost measured (BENCHMARKS.md, fifth round). V8 reads this flag each time
 * it frees a job, so setting it once the process runs takes effect.
 */
export function tuneV8ForServing(): void {
  if (Number(process.versions.node.split(".")[0]) >= 24) {
    setFlagsFromString("--no-maglev-destroy-on-background");
  }
}

// Process entry: the `jsms` command line; `jsms serve` runs config → database → app → listen.
import { runCli } from './cli/program.js';

await runCli(process.argv);

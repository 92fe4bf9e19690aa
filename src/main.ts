// Entry point of the bundle: run the CLI and leave with its exit code.
import { main } from './cli.js';

// A closed pipe (`balance show | head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv);

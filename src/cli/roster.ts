/** Entry point of the `roster` command (`npx roster`, `npm run roster -- …`). See ./program.ts. */
import { run } from './program';

await run(process.argv);

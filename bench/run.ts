/** `npm run bench`: every benchmark, one after another, printing figures (no assertions). */
import { benchCli } from './cli.ts';
import { benchEvtx } from './evtx.ts';
import { benchReader } from './reader.ts';

await benchReader();
await benchEvtx();
await benchCli();

/** `npm run bench`: every benchmark, one after another, printing figures (no assertions). */
import { benchCli } from './cli.ts';
import { benchEvtx } from './evtx.ts';
import { benchReader } from './reader.ts';
import { benchRedact } from './redact.ts';

await benchReader();
await benchEvtx();
benchRedact();
await benchCli();

/** `npm run bench`: every benchmark, one after another, printing figures (no assertions). */
import { benchCli } from './cli.ts';
import { benchEvtx } from './evtx.ts';
import { benchFleet } from './fleet.ts';
import { benchReader } from './reader.ts';
import { benchRedact } from './redact.ts';
import { benchServer } from './server.ts';

await benchReader();
await benchEvtx();
benchRedact();
await benchCli();
await benchServer();
await benchFleet();

/**
 * The fleet store contract on PGlite (PostgreSQL in WebAssembly): runs everywhere, no server.
 * @module
 */
import { fleetStoreContract } from './contract.ts';
import { openPgliteStore } from './postgres.ts';

fleetStoreContract('PGlite', () => openPgliteStore());

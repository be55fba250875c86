/**
 * A separate process that appends to a shared mail log, for the concurrency test:
 * `node --import tsx append-child.ts <store-url> <name> <count>`.
 */
import { openStore } from '../../src/store/db.ts';
import { appendMailLog } from '../../src/maillog/log.ts';
import { logEntry } from './entries.ts';

const [url = '', name = 'child', count = '0'] = process.argv.slice(2);
const store = await openStore(url);
for (let i = 0; i < Number(count); i++) {
  await appendMailLog(
    store.db,
    logEntry({ sender: `${name}@example.dk`, recipients: [`borger${i}@example.dk`], subject: `Besked ${i} fra ${name}` }),
  );
}
await store.close();

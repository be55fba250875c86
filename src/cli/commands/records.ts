/** `postvakt records …`: public records (issue 18, BK-18…BK-20). */
import { registerExport } from './records-export.ts';
import type { RegisterCommands } from './index.ts';

export const register: RegisterCommands = (program) => {
  const records = program.command('records').description('public records: record status, registration into cases, E-ARK export (BK-18…BK-20)');
  registerExport(records);
};

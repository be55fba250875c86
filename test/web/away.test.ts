/**
 * "Absence and notices" (BK-10, BK-16, BK-21) over HTTP on both stores: a case worker records
 * their own absence with a substitute and chooses a digest, a refusal shows in the reader's
 * language, nobody removes another's absence, the unit's manager sees and records the unit's
 * absences, and a member of a function mailbox marks themself on duty, which coverage counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.ts';
import { addLocalUser } from '../../src/web/auth/users.ts';
import { listAbsences, AbsenceError } from '../../src/absence/absences.ts';
import { noticePreferences } from '../../src/notices/delivery.ts';
import { coverageOn } from '../../src/coverage/coverage.ts';
import { phoneHoursCalendar } from '../../src/calendar/calendar.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { DIALECTS } from '../support/stores.ts';
import { FRIDAY, PASSWORD, signedIn, webFixture, type Client, type WebFixture } from './support.ts';

const { config } = loadConfig(samplePath('dk'));

describe.each(DIALECTS)('absence and notices on %s', (dialect) => {
  let f: WebFixture;
  let worker: Client;

  beforeAll(async () => {
    f = await webFixture(dialect);
    for (const [username, role] of [['leder.jobcenter@eksempel-kommune.dk', 'manager'], ['sagsbehandler@eksempel-kommune.dk', 'caseworker']] as const) {
      await addLocalUser(f.store.db, fixedClock(FRIDAY), { username, role, unit: 'Jobcenter', password: PASSWORD });
    }
    worker = await signedIn(f.app, 'cw-job');
  }, 60_000);

  afterAll(async () => f?.close());

  it('lets a case worker record their own absence with a substitute', async () => {
    const page = await worker.get('/away');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('cw-job@eksempel-kommune.dk');
    expect(page.body).not.toContain('action="/away/duty"');
    const res = await worker.post('/away/absences', { person: 'someone.else@eksempel-kommune.dk', from: '2026-12-07', to: '2026-12-11', substitute: 'jobcenter@eksempel-kommune.dk' });
    expect(res.statusCode).toBe(303);
    // Only a manager names someone else: the case worker's absence is their own.
    const [absence] = await listAbsences(f.store.db);
    expect(absence).toMatchObject({ person: 'cw-job@eksempel-kommune.dk', unit: 'jobcenter', substitute: 'jobcenter@eksempel-kommune.dk' });
    const shown = await worker.get('/away?done=added');
    expect(shown.body).toContain('Fraværet er registreret.');
    expect(shown.body).toContain('2026-12-14');
  });

  it('shows a refusal in the reader’s language and records nothing', async () => {
    const res = await worker.post('/away/absences', { from: '2026-12-07', to: '2026-12-11', substitute: 'ven@example.org' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(new AbsenceError('badSubstitute', { substitute: 'ven@example.org' }).describe('da'));
    expect(await listAbsences(f.store.db)).toHaveLength(1);
  });

  it('keeps the choice of a digest at set times (BK-10), and refuses times that are not times', async () => {
    expect((await worker.post('/away/notices', { mode: 'digest', times: '13:00, 08:00' })).statusCode).toBe(303);
    expect((await noticePreferences(f.store.db, ['cw-job@eksempel-kommune.dk'])).get('cw-job@eksempel-kommune.dk')).toEqual({ mode: 'digest', times: ['08:00', '13:00'] });
    const page = await worker.get('/away');
    expect(page.body).toMatch(/id="mode-digest" name="mode" value="digest" checked/);
    expect(page.body).toContain('value="08:00,13:00"');
    expect((await worker.post('/away/notices', { mode: 'digest', times: 'morgen' })).statusCode).toBe(400);
  });

  it('lets nobody remove another’s absence; the unit’s manager sees, records and removes them', async () => {
    const [absence] = await listAbsences(f.store.db);
    const other = await signedIn(f.app, 'cw-child');
    await other.get('/away');
    expect((await other.post(`/away/absences/${absence!.id}/remove`, {})).statusCode).toBe(404);
    const manager = await signedIn(f.app, 'leder.jobcenter@eksempel-kommune.dk');
    const page = await manager.get('/away');
    expect(page.body).toContain('cw-job@eksempel-kommune.dk');
    expect((await manager.post('/away/absences', { person: 'sagsbehandler@eksempel-kommune.dk', from: '2026-12-08', to: '2026-12-08', substitute: '' })).statusCode).toBe(303);
    expect((await listAbsences(f.store.db, { person: 'sagsbehandler@eksempel-kommune.dk' }))[0]).toMatchObject({ unit: 'jobcenter', substitute: null, createdBy: 'web:leder.jobcenter@eksempel-kommune.dk' });
    expect((await manager.post(`/away/absences/${absence!.id}/remove`, {})).statusCode).toBe(303);
    expect(await listAbsences(f.store.db, { person: 'cw-job@eksempel-kommune.dk' })).toEqual([]);
  });

  it('lets a member of a function mailbox mark themself on duty, and coverage counts it (BK-16)', async () => {
    const member = await signedIn(f.app, 'sagsbehandler@eksempel-kommune.dk');
    expect((await member.get('/away')).body).toContain('action="/away/duty"');
    expect((await member.post('/away/duty', { mailbox: 'jobcenter@eksempel-kommune.dk', date: '2026-12-09', hours: '08:00-10:00' })).statusCode).toBe(303);
    expect((await member.post('/away/duty', { mailbox: 'post@eksempel-kommune.dk', date: '2026-12-09', hours: '08:00-10:00' })).statusCode).toBe(400);
    const [jobcenter] = await coverageOn({ db: f.store.db, config, phone: phoneHoursCalendar(config.calendar) }, '2026-12-09', 'jobcenter@eksempel-kommune.dk');
    expect(jobcenter!.onDuty.filter((d) => d.source === 'mark').map((d) => d.person)).toEqual(['sagsbehandler@eksempel-kommune.dk']);
  });
});

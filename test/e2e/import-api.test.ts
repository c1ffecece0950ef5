// CSV import through the local API: good and bad rows, reports, idempotent re-import.
import { describe, expect, it } from 'vitest';
import { call, importCsv, uniqueName } from '../support/api.ts';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';

describe('CSV import', () => {
  it('imports good rows, reports bad ones with line, column and reason, and re-imports idempotently', async () => {
    // Prepare
    const office = uniqueName('Office');
    await call('POST', '/item-types', { name: office, orderBy: 1 });
    const [ada, adaOffice, grace] = [mobileNumber(), usNumber(), usNumber()];
    const ext = uniqueName('ext').replace(' ', '-');
    const csv = [
      `\uFEFFExternal id;Name;Primary phone;Primary kind;${office};${office} description`,
      `${ext}-1;Ada;${ada};mobile;${adaOffice};desk`,
      `${ext}-2;"Hopper; Grace";${grace};HOME;;`,
      `${ext}-3;Nobody;12;OTHER;;`,
      `${ext}-4;Formula;=1+2;OTHER;;`,
      `${ext}-5;;${usNumber()};OTHER;;`,
      `${ext}-6;Bad kind;${usNumber()};PAGER;;`,
    ].join('\r\n');
    // Act
    const first = await importCsv(csv, { fileName: 'people.csv' });
    const second = await importCsv(csv);
    // Assess
    expect(first.job.status).toBe('COMPLETED');
    expect(first.job.counts).toEqual({ rowsRead: 6, created: 2, updated: 0, unchanged: 0, rejected: 4 });
    expect(first.rejections).toEqual([
      expect.objectContaining({ line: 4, column: 'Primary phone', value: '12' }),
      expect.objectContaining({ line: 5, column: 'Primary phone', value: "'=1+2" }),
      expect.objectContaining({ line: 6, column: 'Name', reason: 'the name is empty' }),
      expect.objectContaining({ line: 7, column: 'Primary kind', value: 'PAGER' }),
    ]);
    expect(second.job.counts).toEqual({ rowsRead: 6, created: 0, updated: 0, unchanged: 2, rejected: 4 });
    const found = await call('GET', `/contacts?phone=${encodeURIComponent(ada)}`);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({ displayName: 'Ada', externalId: `${ext}-1`, primaryPhone: { kind: 'MOBILE' } });
    expect(found.body.items[0].additionalPhones[0]).toMatchObject({ number: adaOffice, description: 'desk', itemType: { name: office } });
    expect((await call('GET', `/contacts?phone=${encodeURIComponent(grace)}`)).body.items[0].displayName).toBe('Hopper; Grace');
  });

  it('updates the contact with the same primary number instead of creating another', async () => {
    // Prepare
    const primary = usNumber();
    const created = await call('POST', '/contacts', { displayName: 'Before', primaryPhone: { number: primary, kind: 'HOME' } });
    const extra = usNumber();
    // Act
    const result = await importCsv(`Name,Primary phone,Additional phone\nAfter,${primary},${extra}\n`);
    // Assess
    expect(result.job.counts).toMatchObject({ created: 0, updated: 1 });
    const stored = await call('GET', `/contacts/${created.body.id}`);
    expect(stored.body).toMatchObject({ displayName: 'After', version: 2, primaryPhone: { kind: 'HOME' } });
    expect(stored.body.additionalPhones.map((phone: any) => phone.number)).toEqual([extra]);
  });

  it('rejects a row whose mobile belongs to another contact, and imports the rest', async () => {
    // Prepare
    const mobile = mobileNumber();
    const holder = await call('POST', '/contacts', { displayName: 'Holder', primaryPhone: { number: mobile, kind: 'MOBILE' } });
    const other = usNumber();
    // Act
    const result = await importCsv(`Name,Primary phone,Additional phone,Additional phone kind\nThief,${usNumber()},${mobile},MOBILE\nFine,${other},,\n`);
    // Assess
    expect(result.job.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(result.rejections[0]).toMatchObject({ line: 2 });
    expect(result.rejections[0].reason).toContain(holder.body.id);
  });

  it('fails the job with a clear reason when the file has no primary phone column', async () => {
    // Act
    const result = await importCsv('Name,Telephone\nA,1\n');
    // Assess
    expect(result.job.status).toBe('FAILED');
    expect(result.job.failureReason).toMatch(/primary phone/);
  });

  it('follows an explicit mapping', async () => {
    // Prepare
    const [main, backup] = [usNumber(), usNumber()];
    // Act
    const result = await importCsv(`Full Name|Tel|Tel2|Segment\nMapped|${main}|${backup}|gold\n`, {
      delimiter: '|',
      mapping: { displayName: 'Full Name', primaryPhone: 'Tel', additionalPhones: [{ column: 'Tel2' }], customFields: { segment: 'Segment' } },
    });
    // Assess
    expect(result.job.counts).toMatchObject({ created: 1 });
    const stored = (await call('GET', `/contacts?phone=${encodeURIComponent(main)}`)).body.items[0];
    expect(stored).toMatchObject({ displayName: 'Mapped', customFields: { segment: 'gold' } });
    expect(stored.additionalPhones[0].number).toBe(backup);
  });
});

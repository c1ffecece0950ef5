// The time zones of a number, from libphonenumber's map: area codes, exchanges, shared calling codes, the unknown.
import { describe, it, expect } from 'vitest';
import { timeZonesOf } from '#domain/contactability/number-time-zones';

describe('time zones of a number', () => {
  it('reads one zone for an area code in one zone, and for a country in one zone', () => {
    // Act
    const newYork = timeZonesOf('+12125550123');
    const india = timeZonesOf('+919876543210');

    // Assess
    expect(newYork).toEqual(['America/New_York']);
    expect(india).toEqual(['Asia/Calcutta']);
  });

  it('reads every zone of an area code across a zone line', () => {
    // Act
    const southDakota = timeZonesOf('+16055550123');

    // Assess
    expect(southDakota).toEqual(['America/Denver', 'America/North_Dakota/Center']);
  });

  it('reads an exchange where the map splits its area code (the Florida panhandle west of the Apalachicola)', () => {
    // Act
    const pensacola = timeZonesOf('+18504300123');
    const tallahassee = timeZonesOf('+18505550123');

    // Assess
    expect(pensacola).toEqual(['America/Chicago']);
    expect(tallahassee).toEqual(['America/New_York']);
  });

  it('gives an area code the map lists only exchange by exchange the zones of its exchanges', () => {
    // Act
    const losAngeles = timeZonesOf('+13105550123');

    // Assess
    expect(losAngeles).toEqual(['America/Los_Angeles']);
  });

  it('corrects the map where it is known wrong: 689 is Orlando, Eastern', () => {
    // Act
    const orlando = timeZonesOf('+16895550123');

    // Assess
    expect(orlando).toEqual(['America/New_York']);
  });

  it('narrows a calling code several countries share to the number’s country', () => {
    // Act
    const london = timeZonesOf('+442079460123');
    const usNonGeographic = timeZonesOf('+15005550123');

    // Assess
    expect(london).toEqual(['Europe/London']);
    expect(usNonGeographic).toContain('America/New_York');
    expect(usNonGeographic).toContain('Pacific/Honolulu');
    expect(usNonGeographic).not.toContain('America/Toronto');
    expect(usNonGeographic).not.toContain('Pacific/Guam');
  });

  it('knows no zone for a non-geographic calling code or what is not E.164', () => {
    // Act
    const freephone = timeZonesOf('+80012345678');
    const notE164 = timeZonesOf('212 555 0123');

    // Assess
    expect(freephone).toEqual([]);
    expect(notE164).toEqual([]);
  });
});

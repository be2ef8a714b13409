import { describe, expect, it } from 'vitest';
import { compileDateFormat, isoDate, readDate } from './dates.js';

describe('compileDateFormat', () => {
  it.each([
    ['DD/MM/YYYY', '07/10/2024', '2024-10-07', 'day'],
    ['DD/MM/YYYY', '7/10/2024', '2024-10-07', 'day'],
    ['MM/DD/YYYY', '10/07/2024', '2024-10-07', 'day'],
    ['MM/DD/YYYY', '03/27/1990 00:00:00', '1990-03-27', 'day'],
    ['YYYY-MM-DD', '2024-10-07', '2024-10-07', 'day'],
    ['YYYY-MM-DD', '2024-10-07T10:30:00Z', '2024-10-07', 'day'],
    ['D MMMM YYYY', '14 October 2024', '2024-10-14', 'day'],
    ['D MMMM YYYY', '14  oct 2024', '2024-10-14', 'day'],
    ['D MMMM YYYY', '4 Sept 2024', '2024-09-04', 'day'],
    ['D-MMM-YY', '4-Sep-24', '2024-09-04', 'day'],
    ['D-MMM-YY', '4-Sep-89', '1989-09-04', 'day'],
    ['MMMM YYYY', 'August 2024', '2024-08-01', 'month'],
    ['YYYY', '2019', '2019-01-01', 'year'],
  ])('%s reads %j as %s (%s)', (format, cell, date, precision) => {
    expect(compileDateFormat(format)(cell)).toEqual({ date, precision });
  });

  it.each([
    ['DD/MM/YYYY', '31/06/2024'],
    ['DD/MM/YYYY', '29/02/2023'],
    ['DD/MM/YYYY', '10/13/2024'],
    ['DD/MM/YYYY', '2024-10-07'],
    ['D MMMM YYYY', '14 Octember 2024'],
    ['MM/DD/YYYY', 'Total'],
    // Issue 9, part 3: the spreadsheet formats below read no more than their pattern.
    ['D/M/YY', '17/06/2004'],
    ['D/M/YYYY', '8/5/05'],
    ['dddd-MMMM DD-YYYY', 'Saturday-Marchember 07-2016'],
    ['D/M/YYYY', '17062004'],
  ])('%s does not read %j', (format, cell) => {
    expect(compileDateFormat(format)(cell)).toBeNull();
  });

  it.each(['DD/MM', 'DD YYYY', 'YYYY YYYY'])('refuses the format %j', (format) => {
    expect(() => compileDateFormat(format)).toThrow(/date format/);
  });
  // Issue 9, part 3: dates as spreadsheets write them.
  it.each([
    ['dddd-MMMM DD-YYYY', 'Sunday-November 19-1995', '1995-11-19'],
    ['dddd-MMMM DD-YYYY', 'Thursday-October-05-2017', '2017-10-05'],
    // 7 March 2016 was a Monday: the weekday is read and ignored, right, wrong or misspelt.
    ['dddd-MMMM DD-YYYY', 'Saturday-Mar 07-2016', '2016-03-07'],
    ['dddd-MMMM DD-YYYY', 'Wensday-Mar 9-2016', '2016-03-09'],
    ['dddd-MMMM DD-YYYY', 'Mar 9-2016', '2016-03-09'],
    ['dddd, MMMM D, YYYY', 'Friday, June 18, 2004', '2004-06-18'],
    ['dddd-MMMM DD-YYYY', 'Friday, June 18, 2004', '2004-06-18'],
    ['ddd D MMM YY', 'Fri. 18 Jun. 04', '2004-06-18'],
    ['D/M/YYYY', '17/06/2004', '2004-06-17'],
    ['D/M/YYYY', '17-6-2004', '2004-06-17'],
    ['D/M/YY', '8/5/05', '2005-05-08'],
    ['YYYYMMDD', '20040618', '2004-06-18'],
  ])('%s reads %j as %s', (format, cell, date) => {
    expect(compileDateFormat(format)(cell)).toEqual({ date, precision: 'day' });
  });

  it.each([
    ['DD/MM/YYYY hh:mm', 'hh'],
    ['Day D MMMM YYYY', 'Day'],
    ['YYYY-MM-DDTHH', 'DDTHH'],
    ['D de MMMM de YYYY', 'de'],
  ])('refuses the format %j naming the unknown token %j', (format, token) => {
    expect(() => compileDateFormat(format)).toThrow(`date format ${format} has an unknown token "${token}"`);
  });
});

describe('readDate', () => {
  it('always understands ISO dates, and names the column and the expected format otherwise', () => {
    const readers = [compileDateFormat('DD/MM/YYYY')];
    expect(readDate('2024-10-07', 'Date', readers, 'DD/MM/YYYY')).toEqual({
      date: '2024-10-07',
      precision: 'day',
    });
    expect(readDate('', 'Date', readers, 'DD/MM/YYYY')).toBeNull();
    expect(() => readDate('7th Oct', 'Date', readers, 'DD/MM/YYYY')).toThrow(
      '"7th Oct" is not a date (expected DD/MM/YYYY)',
    );
  });

  it('isoDate accepts only real days', () => {
    expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
    expect(isoDate(2023, 2, 29)).toBeNull();
    expect(isoDate(2024, 0, 1)).toBeNull();
  });
});

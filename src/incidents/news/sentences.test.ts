import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe('splitSentences', () => {
  const cases: [string, string, string[]][] = [
    ['plain full stops', 'One blast. Two dead.', ['One blast.', 'Two dead.']],
    ['titles', 'Mr. Khan and Dr. Ali met. They left.', ['Mr. Khan and Dr. Ali met.', 'They left.']],
    [
      'month abbreviations',
      'It happened on Oct. 6 in Quetta. Police came.',
      ['It happened on Oct. 6 in Quetta.', 'Police came.'],
    ],
    ['decimals', 'About 1.5 million fled. Aid came.', ['About 1.5 million fled.', 'Aid came.']],
    ['initials', 'Dr. A. Rahman spoke. He left.', ['Dr. A. Rahman spoke.', 'He left.']],
    ['dotted acronyms', 'The U.S. embassy shut. It reopened.', ['The U.S. embassy shut.', 'It reopened.']],
    [
      'a.m. ends a sentence',
      'It went off at 9 a.m. The police came.',
      ['It went off at 9 a.m.', 'The police came.'],
    ],
    ['quotes after the stop', '"It was a blast." She left.', ['"It was a blast."', 'She left.']],
    ['question and exclamation', 'Who did it? Nobody knows! Yet.', ['Who did it?', 'Nobody knows!', 'Yet.']],
    ['lowercase after a stop is no boundary', 'See p. 5 for more.', ['See p. 5 for more.']],
    ['headline lines', 'Headline here\n\nBody starts. Ends.', ['Headline here', 'Body starts.', 'Ends.']],
    [
      'hard-wrapped lines join',
      'A blast in Quetta killed\nthree people.',
      ['A blast in Quetta killed three people.'],
    ],
    [
      'a long wrapped line joins a capitalised one',
      'Nearly 97% of fatalities and over 92% of incidents were recorded in Khyber Pakhtunkhwa and\nBalochistan.',
      [
        'Nearly 97% of fatalities and over 92% of incidents were recorded in Khyber Pakhtunkhwa and Balochistan.',
      ],
    ],
    [
      'a short headline stays apart',
      'Blast in Quetta\nThree people were killed.',
      ['Blast in Quetta', 'Three people were killed.'],
    ],
    ['CRLF', 'One.\r\nTwo.', ['One.', 'Two.']],
    ['empty text', '   \n\n ', []],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

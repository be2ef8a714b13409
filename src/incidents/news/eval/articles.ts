import type { DraftType } from '../classify.js';

/**
 * The labelled evaluation set of the news drafting: articles and report snippets written for it in
 * the styles of Dawn, Express Tribune, Geo, AP, Reuters, Xinhua and CGTN and of think tanks' monthly
 * and quarterly reports, with the noise a scraper leaves (headline, byline, dateline, "Read more"
 * teasers, sign-offs). Each names the incidents an analyst would record from it; a report's period
 * figures and background events ("last year", "weeks after") are not incidents. Killed counts the
 * victims only: attackers killed are not in it. Wounded is null where the article gives no figure.
 *
 * `heldOut` items were never used to tune the extractor: every third of the first 34, written before
 * it was tuned, and the last ten (`afterTuning`), written once the rules were done. Their scores are
 * the estimate for unseen articles.
 */

export interface ExpectedIncident {
  /** The day of the attack, YYYY-MM-DD. */
  date: string;
  province: string;
  killed: number | null;
  wounded: number | null;
  type: DraftType;
}

export interface EvalArticle {
  id: string;
  outlet: string;
  published: string;
  heldOut: boolean;
  /** Written after the rules were tuned, as a fresh check. */
  afterTuning?: boolean;
  text: string;
  incidents: ExpectedIncident[];
}

const KP = 'Khyber Pakhtunkhwa';
const BL = 'Balochistan';

export const evalArticles: EvalArticle[] = [
  {
    id: 'dawn-bannu-checkpost',
    outlet: 'Dawn',
    published: '2024-11-14',
    heldOut: false,
    text: `Two soldiers martyred, three injured in Bannu checkpost attack
Dawn.com | Our Correspondent Published November 14, 2024
BANNU: Two soldiers were martyred and three others injured when militants attacked a security checkpost in Bannu's Jani Khel area late on Wednesday night, the military's media wing said.
According to the ISPR, security forces responded effectively and killed four terrorists in the exchange of fire.
The injured were shifted to the Combined Military Hospital.
Read more: Six soldiers martyred in North Waziristan IBO
Prime Minister Shehbaz Sharif condemned the attack and paid tribute to the martyrs.`,
    incidents: [{ date: '2024-11-13', province: KP, killed: 2, wounded: 3, type: 'armed_assault' }],
  },
  {
    id: 'tribune-nushki-bus',
    outlet: 'Express Tribune',
    published: '2025-01-20',
    heldOut: false,
    text: `Five killed as bus attacked in Nushki
By Mohammad Zafar
Published: January 20, 2025
QUETTA: At least five people, including a woman, were killed and 12 injured when unidentified gunmen opened fire on a passenger bus on the Quetta-Taftan highway near Nushki on Sunday evening.
Levies officials said the attackers, riding motorcycles, fled after the attack.
The death toll has risen to seven after two more injured succumbed at the Civil Hospital Quetta, officials said on Monday.
No group has claimed responsibility for the attack so far.`,
    incidents: [{ date: '2025-01-19', province: BL, killed: 7, wounded: 12, type: 'armed_assault' }],
  },
  {
    id: 'geo-musakhel-kalat',
    outlet: 'Geo News',
    published: '2024-08-27',
    heldOut: true,
    text: `Gunmen kill 23 passengers after offloading them from vehicles in Musakhel
Geo News
August 27, 2024
MUSAKHEL: At least 23 people were killed after armed men offloaded passengers from trucks and buses and shot them after checking their identity cards in Balochistan's Musakhel district on Monday, police said.
Assistant Commissioner Najeebullah Kakar said the assailants also set fire to 10 vehicles.
The banned Balochistan Liberation Army (BLA) claimed responsibility for the attack.
In a separate attack in Kalat, ten people including four Levies personnel were killed when militants attacked a hotel on the national highway on Sunday night.`,
    incidents: [
      { date: '2024-08-26', province: BL, killed: 23, wounded: null, type: 'armed_assault' },
      { date: '2024-08-25', province: BL, killed: 10, wounded: null, type: 'armed_assault' },
    ],
  },
  {
    id: 'ap-duki-mines',
    outlet: 'AP',
    published: '2024-10-11',
    heldOut: false,
    text: `Gunmen attack coal mines in southwest Pakistan, killing 20 miners
By ABDUL SATTAR Associated Press
QUETTA, Pakistan (AP) — Gunmen armed with rockets and grenades attacked coal mines in southwest Pakistan early Friday, killing 20 miners and wounding seven others, police said.
The attack took place in the Duki district of Baluchistan province, said local police chief Hamayun Khan Nasir.
No one immediately claimed responsibility, but suspicion is likely to fall on separatist groups.
Last year, a similar attack on miners in the same region killed 11 people.
Copyright 2024 The Associated Press. All rights reserved.`,
    incidents: [{ date: '2024-10-11', province: BL, killed: 20, wounded: 7, type: 'armed_assault' }],
  },
  {
    id: 'reuters-jaffar-express',
    outlet: 'Reuters',
    published: '2025-03-11',
    heldOut: false,
    text: `Separatist militants attack train in Pakistan, take passengers hostage
ISLAMABAD, March 11 (Reuters) - Separatist militants attacked a passenger train carrying more than 400 people in Pakistan's southwestern Balochistan province on Tuesday and took an unknown number of passengers hostage, officials said.
The Jaffar Express was travelling from Quetta to Peshawar when it came under fire near a tunnel in the Bolan area, railway officials said.
The train driver was critically injured, a police official said.
The Baloch Liberation Army claimed responsibility for the attack.
Reporting by Gul Yousufzai in Quetta; Writing by Saad Sayeed; Editing by Ros Russell`,
    incidents: [{ date: '2025-03-11', province: BL, killed: null, wounded: 1, type: 'kidnapping' }],
  },
  {
    id: 'xinhua-karachi-airport',
    outlet: 'Xinhua',
    published: '2024-10-07',
    heldOut: true,
    text: `Two Chinese nationals killed in blast near Karachi airport
Source: Xinhua
Editor: Huaxia
2024-10-07 10:15:30
ISLAMABAD, Oct. 7 (Xinhua) -- Two Chinese nationals were killed and one injured in a terrorist attack near Jinnah International Airport in Pakistan's southern port city of Karachi on Sunday night, the Chinese Embassy in Pakistan said on Monday.
A convoy carrying Chinese engineers was targeted by a vehicle-borne improvised explosive device, the embassy said in a statement.
Pakistani officials said at least 10 people, including a Chinese national, were injured in the explosion.
The Chinese Embassy strongly condemned the attack and expressed deep condolences to the victims.`,
    incidents: [{ date: '2024-10-06', province: 'Sindh', killed: 2, wounded: 10, type: 'ied' }],
  },
  {
    id: 'cgtn-quetta-station',
    outlet: 'CGTN',
    published: '2024-11-09',
    heldOut: false,
    text: `Suicide bombing at Quetta railway station kills at least 24
CGTN
Updated 17:32, 09-Nov-2024
At least 24 people were killed and 46 others injured in a suicide bombing at a railway station in Quetta, the capital of southwest Pakistan's Balochistan province, on Saturday morning, police said.
Most of the victims were soldiers waiting for a train, a senior police officer told reporters.
The Balochistan Liberation Army claimed responsibility for the attack.
Pakistan has seen a surge in attacks in the province since last year, with the BLA targeting security forces and Chinese nationals.
(With input from Xinhua)`,
    incidents: [{ date: '2024-11-09', province: BL, killed: 24, wounded: 46, type: 'suicide_attack' }],
  },
  {
    id: 'dawn-picss-monthly',
    outlet: 'Dawn (PICSS monthly report)',
    published: '2024-12-01',
    heldOut: false,
    text: `November sees surge in militant attacks: PICSS
Dawn | Tahir Khan Published December 1, 2024
ISLAMABAD: Militant attacks in Pakistan surged in November, with 61 attacks recorded across the country, according to the Pakistan Institute for Conflict and Security Studies (PICSS).
In these attacks, 68 security forces personnel and 55 civilians were killed, while 105 others were injured, the monthly security report said.
Khyber Pakhtunkhwa remained the worst-affected province, with 36 attacks, followed by Balochistan with 21.
Security forces also killed 107 militants during the month, the report added.
The report noted a 34 percent increase in attacks compared to October.`,
    incidents: [],
  },
  {
    id: 'dawn-peshawar-constable',
    outlet: 'Dawn',
    published: '2025-02-04',
    heldOut: true,
    text: `Cop martyred in targeted attack in Peshawar
Bakhtiar Khan Published February 4, 2025
PESHAWAR: A police constable was martyred when unidentified motorcyclists opened fire on him in the Tehkal area on Monday evening, police said.
Police said constable Waqar Ahmad was on his way home after duty when he was shot dead near his house.
His funeral prayers were offered at the Malik Saad Shaheed Police Lines on Tuesday, attended by senior police officers.
The capital city police officer directed the SSP operations to arrest the culprits at the earliest.`,
    incidents: [{ date: '2025-02-03', province: KP, killed: 1, wounded: null, type: 'targeted_killing' }],
  },
  {
    id: 'tribune-mir-ali-drone',
    outlet: 'Express Tribune',
    published: '2024-09-05',
    heldOut: false,
    text: `Two children killed in drone attack in North Waziristan
Our Correspondent September 05, 2024
MIRAMSHAH: Two children were killed and four others injured when a drone struck a house in the Mir Ali tehsil of North Waziristan on Wednesday night, local residents said.
Locals staged a protest, placing the bodies on the road and demanding an inquiry.
Officials were not available for comment.
Read more: KP govt seeks report on quadcopter attacks`,
    incidents: [{ date: '2024-09-04', province: KP, killed: 2, wounded: 4, type: 'drone_strike' }],
  },
  {
    id: 'geo-dera-bugti-pipeline',
    outlet: 'Geo News',
    published: '2025-05-22',
    heldOut: false,
    text: `Gas pipeline blown up in Dera Bugti
Geo News
May 22, 2025
DERA BUGTI: Unknown miscreants blew up a main gas pipeline with explosives in the Pir Koh area of Dera Bugti on Wednesday night, disrupting gas supply to Punjab and Sindh, officials said.
No one was killed or injured in the blast, Levies officials said.
Repair work is expected to take two days.`,
    incidents: [{ date: '2025-05-21', province: BL, killed: 0, wounded: 0, type: 'ied' }],
  },
  {
    id: 'ap-kulachi-roadside',
    outlet: 'AP',
    published: '2024-04-27',
    heldOut: true,
    text: `Roadside bomb kills 5 police officers in northwest Pakistan
PESHAWAR, Pakistan (AP) — A roadside bomb struck a police vehicle in northwest Pakistan on Saturday, killing five officers and wounding two others, officials said.
The attack happened in the Kulachi area of Dera Ismail Khan district in Khyber Pakhtunkhwa province, said police official Mohammad Adnan.
No one immediately claimed responsibility for the bombing, but suspicion fell on the Pakistani Taliban.
Last month, a suicide bomber rammed an explosive-laden vehicle into a convoy carrying Chinese engineers, killing five Chinese citizens and their Pakistani driver in Shangla district.`,
    incidents: [{ date: '2024-04-27', province: KP, killed: 5, wounded: 2, type: 'ied' }],
  },
  {
    id: 'dawn-bannu-cantonment-kurram',
    outlet: 'Dawn',
    published: '2024-07-16',
    heldOut: false,
    text: `Seven soldiers martyred as terrorists storm Bannu cantonment; two Levies men killed in Kurram
Dawn Report Published July 16, 2024
PESHAWAR: Eight soldiers were martyred when terrorists rammed an explosives-laden vehicle into the perimeter wall of the Bannu cantonment on Monday morning, the ISPR said.
All ten terrorists involved in the attack were killed by security forces, it added.
In a separate incident, two Levies personnel were killed and one was injured when their vehicle came under fire in Kurram district on Monday evening.
Police said the attackers escaped under the cover of darkness.`,
    incidents: [
      { date: '2024-07-15', province: KP, killed: 8, wounded: null, type: 'ied' },
      { date: '2024-07-15', province: KP, killed: 2, wounded: 1, type: 'armed_assault' },
    ],
  },
  {
    id: 'reuters-peshawar-mosque',
    outlet: 'Reuters',
    published: '2023-01-31',
    heldOut: false,
    text: `Death toll from Pakistan mosque bombing rises to 100
PESHAWAR, Pakistan, Jan 31 (Reuters) - The death toll from a suicide bombing at a mosque inside a police compound in the northwestern Pakistani city of Peshawar rose to 100 on Tuesday, officials said, as rescuers pulled more bodies from the rubble.
The blast on Monday ripped through the mosque during afternoon prayers, killing 59 people initially, with more than 150 injured.
Most of the victims were police officers.
"The death toll has risen to 100," a spokesman for Lady Reading Hospital, Mohammad Asim, told Reuters.
Reporting by Jibran Ahmad in Peshawar; Writing by Asif Shahzad; Editing by Gerry Doyle`,
    incidents: [{ date: '2023-01-30', province: KP, killed: 100, wounded: 150, type: 'suicide_attack' }],
  },
  {
    id: 'tribune-orangi-trader',
    outlet: 'Express Tribune',
    published: '2025-06-29',
    heldOut: true,
    text: `Trader shot dead in Karachi's Orangi Town
Our Correspondent June 29, 2025
KARACHI: A trader was shot dead by unidentified gunmen in Orangi Town on Saturday night, police said.
The victim, identified as 45-year-old Abdul Rasheed, was sitting outside his shop when two men on a motorcycle opened fire and fled.
Police said the killing appeared to be a case of extortion and a case had been registered.
Last year, three traders were killed in similar attacks in the area.`,
    incidents: [
      { date: '2025-06-28', province: 'Sindh', killed: 1, wounded: null, type: 'targeted_killing' },
    ],
  },
  {
    id: 'geo-besham-convoy',
    outlet: 'Geo News',
    published: '2024-03-26',
    heldOut: false,
    text: `Five Chinese nationals among six killed in Besham suicide attack
Geo News
March 26, 2024
SHANGLA: Five Chinese nationals and their Pakistani driver were killed when a suicide bomber rammed his explosive-laden vehicle into their convoy in Besham, district Shangla, on Tuesday, police said.
The Chinese engineers were travelling from Islamabad to the Dasu hydropower project camp.
DIG Hazara Mohammad Ali Gandapur said the vehicle fell into a ravine after the blast.
Interior Minister Mohsin Naqvi strongly condemned the attack.`,
    incidents: [{ date: '2024-03-26', province: KP, killed: 6, wounded: null, type: 'suicide_attack' }],
  },
  {
    id: 'tribune-crss-quarter',
    outlet: 'Express Tribune (CRSS quarterly report)',
    published: '2025-04-01',
    heldOut: false,
    text: `Q1 2025 deadliest quarter in a decade: CRSS
Our Correspondent April 01, 2025
ISLAMABAD: Pakistan recorded at least 1,612 violence-linked fatalities in the first quarter of 2025, according to a report released by the Centre for Research and Security Studies (CRSS).
Of these, 642 were civilians and security personnel, while 970 were outlaws, the report said.
Khyber Pakhtunkhwa and Balochistan accounted for over 98% of all fatalities.
The report noted that March alone accounted for 574 fatalities, including those in the Jaffar Express hijacking.`,
    incidents: [],
  },
  {
    id: 'dawn-makeen-checkpost',
    outlet: 'Dawn',
    published: '2024-12-22',
    heldOut: true,
    text: `16 soldiers martyred in South Waziristan attack
Dawn.com Published December 22, 2024
Sixteen soldiers were martyred when terrorists attacked a security forces' checkpost in the Makeen area of South Waziristan in the early hours of Saturday, the ISPR said.
Eight terrorists were killed in the ensuing clearance operation, it added.
The Tehreek-i-Taliban Pakistan (TTP) claimed responsibility for the attack.
Read more: Six soldiers martyred in Lakki Marwat gunfight
Prime Minister Shehbaz Sharif paid tribute to the martyred soldiers.`,
    incidents: [{ date: '2024-12-21', province: KP, killed: 16, wounded: null, type: 'armed_assault' }],
  },
  {
    id: 'ap-kalat-post',
    outlet: 'AP',
    published: '2025-02-01',
    heldOut: false,
    text: `Militants kill 18 paramilitary soldiers in southwest Pakistan
By ABDUL SATTAR
QUETTA, Pakistan (AP) — Separatist militants attacked a paramilitary post in southwest Pakistan overnight, killing 18 soldiers before troops returned fire and killed 12 of the attackers, the military said Saturday.
The attack took place late Friday in the Mangochar area of the Kalat district of Baluchistan province, the statement said.
The outlawed Baloch Liberation Army claimed responsibility in a statement to media.
The attack comes weeks after a suicide bomber killed 26 people, including soldiers, at a railway station in Quetta.`,
    incidents: [{ date: '2025-01-31', province: BL, killed: 18, wounded: null, type: 'armed_assault' }],
  },
  {
    id: 'xinhua-bannu-quadcopter',
    outlet: 'Xinhua',
    published: '2025-08-15',
    heldOut: false,
    text: `3 killed, 5 injured in quadcopter attack in northwest Pakistan
Source: Xinhua | 2025-08-15 19:40:12 | Editor: huaxia
ISLAMABAD, Aug. 15 (Xinhua) -- Three people were killed and five others injured on Friday when a quadcopter dropped explosives on a house in Pakistan's northwest Khyber Pakhtunkhwa province, police said.
The incident took place in the Bannu district of the province, a police official told Xinhua on condition of anonymity.
The injured were shifted to a nearby hospital, where two of them were stated to be in critical condition.`,
    incidents: [{ date: '2025-08-15', province: KP, killed: 3, wounded: 5, type: 'drone_strike' }],
  },
  {
    id: 'dawn-pips-annual',
    outlet: 'Dawn (PIPS annual report)',
    published: '2025-01-05',
    heldOut: true,
    text: `Terror attacks up 70pc in 2024: PIPS report
Kalbe Ali Published January 5, 2025
ISLAMABAD: Pakistan witnessed 521 terrorist attacks in 2024, a 70 per cent increase over the previous year, according to the Pakistan Institute for Peace Studies (PIPS) annual security report.
These attacks claimed 852 lives and injured 1,092 people, the report said.
Khyber Pakhtunkhwa bore the brunt of the violence with 295 attacks, in which 509 people were killed.
The deadliest attack of the year was the Quetta railway station bombing in November, which killed 32 people.`,
    incidents: [],
  },
  {
    id: 'dawn-bannu-cantonment-2025',
    outlet: 'Dawn',
    published: '2025-03-05',
    heldOut: false,
    text: `18 martyred as suicide bombers target Bannu Cantonment
Dawn Report Published March 5, 2025
BANNU: At least 18 people, including five soldiers, were martyred and 32 others injured when suicide bombers rammed two explosive-laden vehicles into the wall of the Bannu Cantonment on Tuesday evening, officials said.
The ISPR said 16 terrorists, including four suicide bombers, were killed by security forces.
The dead included 13 civilians who were at a nearby mosque and market.
The Jaish-ul-Fursan, a faction of the Hafiz Gul Bahadur group, claimed responsibility for the attack.
Funeral prayers for the martyred soldiers were offered at the Bannu garrison on Wednesday.`,
    incidents: [{ date: '2025-03-04', province: KP, killed: 18, wounded: 32, type: 'suicide_attack' }],
  },
  {
    id: 'tribune-daraban-fc',
    outlet: 'Express Tribune',
    published: '2024-10-25',
    heldOut: false,
    text: `10 FC personnel martyred in attack on check post in DI Khan
Our Correspondent October 25, 2024
DERA ISMAIL KHAN: Ten Frontier Constabulary personnel were martyred and three others injured when militants attacked a check post in the Daraban area of DI Khan late on Thursday night, police said.
Police said the attackers also took away weapons and a vehicle.
Read more: Terrorists attack police station in Lakki Marwat
The injured were shifted to the District Headquarters Hospital.`,
    incidents: [{ date: '2024-10-24', province: KP, killed: 10, wounded: 3, type: 'armed_assault' }],
  },
  {
    id: 'geo-rawalakot-firing',
    outlet: 'Geo News',
    published: '2024-06-12',
    heldOut: true,
    text: `Two killed in Rawalakot firing incident
Geo News
June 12, 2024
RAWALAKOT: Two people were killed and three others injured when unidentified armed men opened fire on a vehicle in Rawala Kot, Azad Jammu and Kashmir, on Tuesday afternoon, police said.
The police said the motive behind the attack was yet to be ascertained.
The bodies were handed over to the heirs after post-mortem examination.`,
    incidents: [
      {
        date: '2024-06-11',
        province: 'Azad Jammu and Kashmir',
        killed: 2,
        wounded: 3,
        type: 'armed_assault',
      },
    ],
  },
  {
    id: 'reuters-balochistan-coordinated',
    outlet: 'Reuters',
    published: '2024-08-26',
    heldOut: false,
    text: `Militants kill more than 30 in coordinated attacks in Pakistan's Balochistan
QUETTA, Pakistan, Aug 26 (Reuters) - Separatist militants carried out a string of coordinated attacks across Pakistan's southwestern province of Balochistan on Monday, killing more than 30 people, officials said.
In the deadliest attack, gunmen stopped vehicles on a highway in the Musakhel district and shot dead 23 passengers after checking their identity cards, police official Ayub Achakzai said.
In a separate attack in the Bolan district, militants blew up a railway bridge, police said. No one was injured in the blast.
In Kalat district, gunmen killed at least 10 people, including four members of the security forces, officials said.
The military said 14 soldiers and policemen were killed and 21 militants died in the clashes.
Reporting by Gul Yousufzai; Editing by Peter Graff`,
    incidents: [
      { date: '2024-08-26', province: BL, killed: 23, wounded: null, type: 'armed_assault' },
      { date: '2024-08-26', province: BL, killed: 0, wounded: 0, type: 'ied' },
      { date: '2024-08-26', province: BL, killed: 10, wounded: null, type: 'armed_assault' },
    ],
  },
  {
    id: 'dawn-gwadar-labourers',
    outlet: 'Dawn',
    published: '2024-05-10',
    heldOut: false,
    text: `Seven labourers shot dead in Gwadar
Behram Baloch Published May 10, 2024
GWADAR: Seven labourers from Punjab were shot dead and another injured when unidentified armed men opened fire on their residential quarters in the Surbandan area of Gwadar in the early hours of Thursday, police said.
The victims, who hailed from Khanewal, were working on the construction of a house.
Chief Minister Sarfraz Bugti condemned the killings and ordered an inquiry.
Read more: Six labourers killed in Kech last year`,
    incidents: [{ date: '2024-05-09', province: BL, killed: 7, wounded: 1, type: 'armed_assault' }],
  },
  {
    id: 'tribune-lakki-abduction',
    outlet: 'Express Tribune',
    published: '2025-01-10',
    heldOut: true,
    text: `Militants abduct 16 atomic energy workers in Lakki Marwat
Our Correspondent January 10, 2025
LAKKI MARWAT: Militants abducted 16 employees of the Pakistan Atomic Energy Commission after intercepting their vehicle in the Qabul Khel area of Lakki Marwat district on Thursday, police said.
Police said eight of the abducted workers were later recovered by security forces, while efforts were under way to secure the release of the others.
The militants set the vehicle on fire before fleeing with the hostages.
No one was killed in the incident.`,
    incidents: [{ date: '2025-01-09', province: KP, killed: 0, wounded: null, type: 'kidnapping' }],
  },
  {
    id: 'geo-mastung-school',
    outlet: 'Geo News',
    published: '2024-11-02',
    heldOut: false,
    text: `Five children among nine martyred in Mastung blast
Geo News
November 2, 2024
MASTUNG: At least seven people, including five schoolchildren and a policeman, were martyred and 27 others injured in a bomb blast near a girls' school in Mastung's Civil Hospital Chowk on Friday morning, police said.
The explosive device was attached to a motorcycle parked near a police van, which was the target of the attack, officials said.
The death toll has risen to nine after two more of the injured succumbed at the Civil Hospital Quetta, the provincial health department said on Saturday.`,
    incidents: [{ date: '2024-11-01', province: BL, killed: 9, wounded: 27, type: 'ied' }],
  },
  {
    id: 'ap-margat-bomb',
    outlet: 'AP',
    published: '2025-04-25',
    heldOut: false,
    text: `Bomb kills 10 paramilitary troops in southwest Pakistan
QUETTA, Pakistan (AP) — A remote-controlled bomb ripped through a vehicle carrying paramilitary troops on the outskirts of Quetta on Friday, killing 10 soldiers, the military said.
The bombing occurred in the Margat area as the troops were on their way to clear a route, the military said in a statement.
The statement blamed "Indian proxies" for the attack.
Separatists in Baluchistan have stepped up attacks in recent months, including a train hijacking in March in which 26 hostages were killed.`,
    incidents: [{ date: '2025-04-25', province: BL, killed: 10, wounded: null, type: 'ied' }],
  },
  {
    id: 'dawn-zhob-passengers',
    outlet: 'Dawn',
    published: '2025-07-12',
    heldOut: true,
    text: `Nine bus passengers offloaded, shot dead in Zhob
Saleem Shahid Published July 12, 2025
QUETTA: Armed men offloaded passengers from a Punjab-bound bus on the N-40 highway near Sur Dakai in Zhob district on Thursday night and shot dead nine of them after checking their identity cards, officials said.
Assistant Commissioner Naveed Alam said the bodies were shifted to the Zhob district hospital.
The victims, all from Punjab, were buried in their native towns of Lodhran and Gujranwala on Friday.
Chief Minister Sarfraz Bugti said the killers would not escape justice.`,
    incidents: [{ date: '2025-07-10', province: BL, killed: 9, wounded: null, type: 'armed_assault' }],
  },
  {
    id: 'geo-crss-monthly',
    outlet: 'Geo News (CRSS monthly data)',
    published: '2024-10-01',
    heldOut: false,
    text: `Violence claims 100 lives in September: CRSS
Geo News October 1, 2024
ISLAMABAD: At least 100 people lost their lives in 59 incidents of violence across Pakistan in September, according to data compiled by the Centre for Research and Security Studies.
Of the fatalities, 54 were security personnel and 46 were civilians, while 81 people were injured, the data showed.
Khyber Pakhtunkhwa was the most affected region, accounting for nearly 70 per cent of the deaths.`,
    incidents: [],
  },
  {
    id: 'dawn-lakki-tank',
    outlet: 'Dawn',
    published: '2025-02-18',
    heldOut: false,
    text: `Cop martyred, two injured in separate attacks in southern KP
Dawn Report Published February 18, 2025
LAKKI MARWAT: A police officer was martyred when terrorists attacked a police checkpoint in the Ghazni Khel area of Lakki Marwat on Monday night, police said.
Sub-inspector Gul Nawaz was shot dead while on duty, police said, adding that the attackers fled towards the mountains.
Meanwhile, two policemen were injured when a quadcopter dropped explosives on the Gul Imam police station in Tank district on Tuesday morning.
Police said no one was killed in the attack.`,
    incidents: [
      { date: '2025-02-17', province: KP, killed: 1, wounded: null, type: 'armed_assault' },
      { date: '2025-02-18', province: KP, killed: 0, wounded: 2, type: 'drone_strike' },
    ],
  },
  {
    id: 'reuters-khuzdar-school-bus',
    outlet: 'Reuters',
    published: '2025-05-21',
    heldOut: true,
    text: `Bomb hits school bus in Pakistan, killing at least four children
KARACHI, May 21 (Reuters) - A suicide car bomber hit a school bus in Pakistan's southwestern province of Balochistan on Wednesday, killing at least four children and wounding 38 others, the military said.
The attack took place in the Khuzdar district, a police official said.
No group immediately claimed responsibility for the attack.
The toll later rose to six, officials said, as two more children succumbed to their injuries in hospital.
Reporting by Gul Yousufzai in Quetta; Editing by Andrew Heavens`,
    incidents: [{ date: '2025-05-21', province: BL, killed: 6, wounded: 38, type: 'suicide_attack' }],
  },
  {
    id: 'tribune-noshki-convoy',
    outlet: 'Express Tribune',
    published: '2025-03-17',
    heldOut: false,
    text: `Five martyred as suicide bomber targets FC convoy in Noshki
Published: March 17, 2025
NOSHKI: Three Frontier Corps personnel and two civilians were martyred and 10 others injured when a suicide bomber rammed an explosive-laden vehicle into a bus of an FC convoy on the RCD highway in Noshki on Sunday, officials said.
Security forces killed four terrorists in the subsequent clearance operation, the ISPR said.
Noshki Deputy Commissioner said the injured were shifted to the Noshki Teaching Hospital.`,
    incidents: [{ date: '2025-03-16', province: BL, killed: 5, wounded: 10, type: 'suicide_attack' }],
  },
  {
    id: 'dawn-quetta-rally',
    outlet: 'Dawn',
    published: '2025-09-03',
    heldOut: true,
    afterTuning: true,
    text: `14 killed in suicide attack on BNP-M rally in Quetta
Syed Ali Shah Published September 3, 2025 Updated a day ago
QUETTA: At least 14 people were killed and over 30 others injured when a suicide bomber blew himself up near the parking area of a political rally at Shahwani Stadium in Quetta on Tuesday night, officials said.
The party's leadership had left the venue minutes before the blast, a spokesman said.
One more injured person died at the Civil Hospital on Wednesday, raising the toll to 15.
The Islamic State claimed responsibility for the attack in a statement.
Read more: Security tightened across Balochistan after Quetta blast`,
    incidents: [{ date: '2025-09-02', province: BL, killed: 15, wounded: 30, type: 'suicide_attack' }],
  },
  {
    id: 'tribune-kharan-levies',
    outlet: 'Express Tribune',
    published: '2025-06-03',
    heldOut: true,
    afterTuning: true,
    text: `Two Levies men martyred, another abducted in Kharan
Our Correspondent June 03, 2025
KHARAN: Two Levies personnel were martyred and another was abducted when armed men attacked a Levies post in Kharan district on Monday night, officials said.
The attackers also took away weapons and set the post on fire before escaping.
A search operation has been launched in the area to recover the abducted official.`,
    incidents: [{ date: '2025-06-02', province: BL, killed: 2, wounded: null, type: 'armed_assault' }],
  },
  {
    id: 'ap-bajaur-polio-guards',
    outlet: 'AP',
    published: '2024-08-30',
    heldOut: true,
    afterTuning: true,
    text: `Gunmen kill 2 police officers guarding polio workers in northwest Pakistan
By RIAZ KHAN
PESHAWAR, Pakistan (AP) — Gunmen on motorcycles opened fire on a team of polio workers in northwest Pakistan on Friday, killing two police officers who were guarding them, police said.
The polio workers were unharmed, said local police official Naeem Khan.
The attack happened in the Bajaur district, which borders Afghanistan.
Militants often target polio teams and their guards, claiming the vaccination campaigns are a Western plot.`,
    incidents: [{ date: '2024-08-30', province: KP, killed: 2, wounded: null, type: 'armed_assault' }],
  },
  {
    id: 'reuters-turbat-bus',
    outlet: 'Reuters',
    published: '2025-01-04',
    heldOut: true,
    afterTuning: true,
    text: `Bomb hits bus carrying troops in Pakistan's Balochistan, killing four
KARACHI, Jan 4 (Reuters) - A bomb exploded near a bus carrying security personnel in Turbat in southwestern Pakistan on Saturday, killing at least four people and wounding 32 others, police said.
The Baloch Liberation Army said in a statement that it had carried out the attack.
In November, a suicide bombing at a railway station in Quetta killed 26 people, including 14 soldiers.
Reporting by Gul Yousufzai in Quetta and Asif Shahzad in Islamabad; Editing by Toby Chopra`,
    incidents: [{ date: '2025-01-04', province: BL, killed: 4, wounded: 32, type: 'ied' }],
  },
  {
    id: 'geo-chilas-bus',
    outlet: 'Geo News',
    published: '2023-12-03',
    heldOut: true,
    afterTuning: true,
    text: `Nine killed as gunmen attack passenger bus near Chilas
Geo News
December 3, 2023
CHILAS: At least seven people were killed and 26 others injured when unidentified gunmen opened fire on a passenger bus on the Karakoram Highway near Chilas in Diamer district on Saturday evening, officials said.
The bus was travelling from Gilgit to Rawalpindi when it came under attack.
The toll rose to nine on Sunday after two of the injured died in hospital, the district health officer said.`,
    incidents: [
      { date: '2023-12-02', province: 'Gilgit-Baltistan', killed: 9, wounded: 26, type: 'armed_assault' },
    ],
  },
  {
    id: 'cgtn-mir-ali-post',
    outlet: 'CGTN',
    published: '2024-03-17',
    heldOut: true,
    afterTuning: true,
    text: `7 soldiers killed in terrorist attack in northwest Pakistan
CGTN
Updated 21:05, 17-Mar-2024
Seven Pakistani soldiers, including two officers, were killed when a group of terrorists rammed an explosive-laden vehicle into a security post in the Mir Ali area of North Waziristan district on Saturday morning, the military said.
All six terrorists were killed by troops in the ensuing exchange of fire, it added.
President Asif Ali Zardari attended the funeral prayers of the soldiers on Sunday.`,
    incidents: [{ date: '2024-03-16', province: KP, killed: 7, wounded: null, type: 'ied' }],
  },
  {
    id: 'tribune-picss-july',
    outlet: 'Express Tribune (PICSS monthly report)',
    published: '2025-08-01',
    heldOut: true,
    afterTuning: true,
    text: `Militant attacks dip slightly in July: PICSS
Our Correspondent August 01, 2025
ISLAMABAD: Pakistan saw 82 militant attacks in July, killing 101 people, including 51 security personnel, according to the monthly report of the Pakistan Institute for Conflict and Security Studies (PICSS).
Khyber Pakhtunkhwa recorded the highest number of attacks at 62, while Balochistan saw 17.
The deadliest incident of the month was an attack on a bus in Kalat on July 16 in which three people were killed, the report said.`,
    incidents: [],
  },
  {
    id: 'dawn-bajaur-elder',
    outlet: 'Dawn',
    published: '2025-04-13',
    heldOut: true,
    afterTuning: true,
    text: `Tribal elder shot dead in Bajaur
Anwarullah Khan Published April 13, 2025
KHAR: Malik Habib Khan, a tribal elder, was shot dead by unidentified gunmen near his home in Bajaur's Mamund tehsil on Saturday evening, police said.
Police said the assailants fled the scene after the attack.
The slain elder had survived an attack on his life last year.`,
    incidents: [{ date: '2025-04-12', province: KP, killed: 1, wounded: null, type: 'targeted_killing' }],
  },
  {
    id: 'tribune-paharpur-police',
    outlet: 'Express Tribune',
    published: '2024-12-05',
    heldOut: true,
    afterTuning: true,
    text: `Three cops martyred in attack on D.I. Khan police post
Our Correspondent December 05, 2024
DERA ISMAIL KHAN: Three policemen were martyred when terrorists attacked the Kot Azam police post in D.I. Khan's Paharpur tehsil late on Tuesday night, police said.
The funeral prayers of the martyred policemen were offered at the police lines on Wednesday.
The inspector general of police announced a reward for information about the attackers.`,
    incidents: [{ date: '2024-12-03', province: KP, killed: 3, wounded: null, type: 'armed_assault' }],
  },
  {
    id: 'ap-kurram-convoy',
    outlet: 'AP',
    published: '2024-11-23',
    heldOut: true,
    afterTuning: true,
    text: `Death toll from attack on convoy in northwest Pakistan rises to 42
PESHAWAR, Pakistan (AP) — Gunmen opened fire on a convoy of vehicles carrying Shiite Muslims in northwest Pakistan on Thursday, killing at least 38 people, officials said.
The attack took place in the Kurram district of Khyber Pakhtunkhwa province.
The death toll rose to 42 on Saturday after four more of the injured died, a local police official said.
On Friday, hundreds of people protested in the district against the killings.
The violence comes a year after sectarian clashes in the same district killed dozens of people.`,
    incidents: [{ date: '2024-11-21', province: KP, killed: 42, wounded: null, type: 'armed_assault' }],
  },
];

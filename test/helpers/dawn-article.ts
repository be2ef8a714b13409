/** The Dawn article of 2024-11-14 kept in ../shared, which the news extraction tests read. */
export const dawnArticle = {
  file: 'fixtures/news/dawn-2024-11-14-fo-rejects-report.txt',
  published: '2024-11-14',
  /** The CRSS figures for July–September 2024 it quotes. */
  quarter: {
    periodFrom: '2024-07-01',
    periodTo: '2024-09-30',
    killed: 722,
    wounded: 615,
    incidents: 328,
    changePercent: 90,
  },
} as const;

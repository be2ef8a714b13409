/** Risk levels 1–6, from calm to extreme: the same colours on the map, its legend and the risk screen. */
export const riskColours = ['#2e7d32', '#9ccc65', '#fdd835', '#fb8c00', '#e53935', '#6a1b9a'] as const;

/** Incidents by casualties (killed and wounded, best estimates): none, a few, many, mass. */
export const severitySteps = [
  { min: 0, colour: '#f9a825' },
  { min: 1, colour: '#ef6c00' },
  { min: 5, colour: '#c62828' },
  { min: 20, colour: '#4a0000' },
] as const;

export const siteColour = '#1565c0';
export const unitColour = '#00838f';

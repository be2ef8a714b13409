export interface RiskEvents {
  /**
   * The risk picture changed in these cells, published once the risk service holds the change:
   * `incidents`, the grid's scores there (recomputed from the cells' levels, a kept route walk
   * is current again); `zone`, a zone over them began or stopped counting (a route through them
   * is walked again, as zones cut stretches).
   */
  'risk.changed': { cause: 'incidents' | 'zone'; cells: string[] };
}

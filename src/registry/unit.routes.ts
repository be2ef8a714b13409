import { z } from 'zod';
import { unitKinds } from '../agreement/agreement.schema.js';
import { pageQuery } from '../platform/paging.js';
import { includeInactive, ownedRecordRoutes } from './record.routes.js';
import { unitSchema } from './registry.presenter.js';
import { unitFields, unitInput, unitStatuses } from './registry.js';
import type { UnitService } from './unit.service.js';
import type { RegistryAccess } from './visibility.js';

/** Security units. */
export const unitRoutes = ownedRecordRoutes({
  entity: 'unit',
  path: '/api/v1/units',
  schema: unitSchema,
  listQuery: pageQuery.extend({
    kind: z.enum(unitKinds).optional(),
    status: z.enum(unitStatuses).optional(),
    includeInactive,
  }),
  input: unitInput,
  patch: unitFields.partial(),
  summaries: {
    list: 'Units you may see, by call sign',
    create:
      'Register a unit of your party; a kind the agreement reserves for another party is refused, citing the clause',
  },
  service: (options: { units: UnitService; visibility: RegistryAccess }) => options.units,
});

import type { PersonInput } from './registry.js';

/** CSV columns and the person fields they fill; `site` takes a site's name or id. */
export const personColumns: Record<string, keyof PersonInput> = {
  name: 'name',
  native_name: 'nativeName',
  nationality: 'nationality',
  passport_number: 'passportNumber',
  employer: 'employer',
  phone: 'phone',
  emergency_contact: 'emergencyContact',
  blood_group: 'bloodGroup',
  site: 'siteId',
  status: 'status',
};

import type { Services } from '../services.js';
import type { DemoActors } from './movements.js';

/**
 * An open SOS and a roll-call in progress, so a new user finds the alerts panel and the board
 * populated: the partner's coordinator asks everyone at one of its sites and answers for two of
 * them, and raises an SOS for a third. All through the services, audited like the rest of the demo.
 */
export async function seedDemoAlerts(services: Services, actors: DemoActors): Promise<void> {
  const coordinator = actors['cso-coordinator'];
  if (!coordinator) return;
  const viewing = await services.visibility.viewing(coordinator);
  const persons = (await services.persons.list(viewing, { limit: 500 })).items.filter(
    (p) => p.partyId === coordinator.partyId && p.siteId,
  );
  const siteId = persons[0]?.siteId;
  if (!siteId) return;
  const rollcall = await services.rollcalls.start(coordinator, {
    siteId,
    question: 'Explosion reported nearby: are you safe?',
  });
  for (const person of persons.filter((p) => p.siteId === siteId).slice(0, 2))
    await services.rollcallAnswers.answerFor(
      coordinator,
      rollcall.id,
      { type: 'person', id: person.id },
      'safe',
    );
  const other = persons.find((p) => p.siteId !== siteId) ?? persons.at(-1)!;
  await services.alerts.sos(coordinator, { personId: other.id });
}

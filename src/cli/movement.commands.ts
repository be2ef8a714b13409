import type { Command } from 'commander';
import { lazyAction } from './exit.js';

const collect = (value: string, previous: string[]) => [...previous, value];
const actions = () => import('./movement.actions.js');

/** Who reads: a party's operator, or a named user; both commands take the same two options. */
function viewerOptions(command: Command): Command {
  return command
    .option(
      '--party <id>',
      "read as this party's operator, who sees its own movements whole",
      'the host party',
    )
    .option(
      '--user <username>',
      'read as this user instead: what their party and roles are shown under the agreement',
    )
    .option('--json', 'print the movements as the API presents them, as JSON');
}

/** `jsms movement list` and `jsms movement show`. */
export function registerMovementCommands(program: Command): void {
  const movement = program
    .command('movement')
    .description('Movement requests: their state, assessment, checkpoints and timeline');
  viewerOptions(
    movement
      .command('list')
      .description('Movements, soonest departure first: state, departure, route, risk level, passengers')
      .option(
        '--state <state>',
        'only movements in this state, repeatable (draft, submitted, approved, …)',
        collect,
        [] as string[],
      ),
  ).action(lazyAction(actions, 'listMovements'));
  viewerOptions(
    movement
      .command('show')
      .description(
        'One movement: the request, its assessment with the clause behind each requirement, checkpoints and timeline',
      )
      .argument('<id>', 'the movement id, as jsms movement list prints it'),
  ).action(lazyAction(actions, 'showMovement'));
}

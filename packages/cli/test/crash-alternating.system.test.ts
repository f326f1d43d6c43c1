import { crashSuite } from './crash-suite.js';
import { twinChecks } from './twin-checks.js';

// The alternating strategy under SIGKILL at every checkpoint, its own (create:before, twin:created, grant:before,
// grant:done) included: every account but the roots has a twin, made once, with its original's privileges.
crashSuite('file store, alternating', {
  kills: 60,
  timed: 10,
  races: 2,
  fleet: '1,4,2,2,2',
  strategy: 'alternating',
  ...twinChecks(),
});

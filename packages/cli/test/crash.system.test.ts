import { crashSuite } from './crash-suite.js';

// The bar: 200 distinct kill points on 65 accounts (about 4 minutes here); the remote stores run 50 each.
crashSuite('file store', { kills: 200, timed: 20 });

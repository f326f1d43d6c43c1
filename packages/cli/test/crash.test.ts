import { crashSuite } from './crash-suite.js';

crashSuite('file store');

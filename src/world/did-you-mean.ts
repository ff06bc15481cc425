/** Suggestions for misspelled names: the loader's and the policy parser's share one implementation (src/policy/). */
export { closestName, quoted } from '../policy/did-you-mean.js';

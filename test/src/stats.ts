/*
 * Chi-square goodness of fit, written out here so that the tests do not depend on the code they check:
 * the statistic, and its p-value from the regularized upper incomplete gamma function Q(k/2, x/2)
 * (series for x < a + 1, Lentz's continued fraction otherwise; Numerical Recipes 6.2).
 */
function logGamma(x: number): number {
  // The Lanczos coefficients of Numerical Recipes' gammln, as doubles.
  const c = [
    76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
    -0.5395239384953e-5,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let series = 1.000000000190015;
  for (const coefficient of c) series += coefficient / ++y;
  return -tmp + Math.log((2.5066282746310007 * series) / x);
}

function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** The chi-square statistic of observed counts against expected counts, and its p-value. */
export function chiSquare(
  observed: readonly number[],
  expected: readonly number[],
): { statistic: number; degreesOfFreedom: number; pValue: number } {
  let statistic = 0;
  for (let index = 0; index < observed.length; index++)
    statistic += (observed[index]! - expected[index]!) ** 2 / expected[index]!;
  const degreesOfFreedom = observed.length - 1;
  return { statistic, degreesOfFreedom, pValue: upperRegularizedGamma(degreesOfFreedom / 2, statistic / 2) };
}

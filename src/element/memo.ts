/** `derive` as a function that computes again only when its argument is not the last one (`===`). */
export function memo<A, R>(derive: (a: A) => R): (a: A) => R {
  let last: [A, R] | undefined;
  return (a) => (last && last[0] === a ? last : (last = [a, derive(a)]))[1];
}

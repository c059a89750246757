// What makes terser's `unsafe_arrows` safe for the browser bundles (rollup.config.mjs):
// that option turns an anonymous `function` expression that uses neither `this` nor
// `arguments` into an arrow, and an arrow differs from such a function only in having no
// `prototype` and not being callable with `new`. So it cannot change what a function does
// that is only ever called on the spot. The chunks hold no other function expressions:
// our sources and lit write methods, arrows and declarations, and terser inlines a one-use
// declaration as `function(…){…}(…)`. These checks keep it so: the build stops when a
// chunk has a function expression that is neither a method nor called where it stands,
// or when terser's output constructs an arrow.

/** Calls `visit(node, parent)` for every node of an ESTree AST. */
function walk(node, visit, parent = null) {
  visit(node, parent);
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child.type === 'string') walk(child, visit, node);
    }
  }
}

/**
 * Throws unless every function expression of `ast` (the chunk before terser) is a method,
 * a getter or setter, or the callee of a call (never of `new`).
 */
export function assertFunctionsCalledInPlace(ast, code) {
  walk(ast, (node, parent) => {
    if (node.type !== 'FunctionExpression') return;
    const method = parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && (parent.method || parent.kind !== 'init'));
    const called = parent?.type === 'CallExpression' && parent.callee === node;
    if (!method && !called) {
      throw new Error(`unsafe_arrows: a function expression that is not called in place: ${code.slice(node.start, node.start + 80)}… (write an arrow, a method or a declaration; see scripts/arrow-safe.mjs)`);
    }
  });
}

/** Throws if `ast` (terser's output) calls an arrow with `new`. */
export function assertNoArrowConstructed(ast, code) {
  walk(ast, (node) => {
    if (node.type === 'NewExpression' && node.callee.type === 'ArrowFunctionExpression') {
      throw new Error(`unsafe_arrows: terser made an arrow that is constructed: ${code.slice(node.start, node.start + 80)}… (see scripts/arrow-safe.mjs)`);
    }
  });
}

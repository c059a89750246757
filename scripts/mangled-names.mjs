// The browser bundles shorten the property names of scripts/internal-props.mjs wherever
// they appear (esbuild's mangleProps renames every `x.name` and `{ name }` of the chunk,
// whatever `x` is). That is only safe for members of our own element code: a shortened
// name used on a DOM object, an option bag a browser API reads (`new Notification(t,
// { body })`), a protocol frame or the session client breaks the bundle while every test,
// which runs the sources, still passes. This check finds such uses with the TypeScript
// type checker: each use of a listed name must resolve to a declaration in src/element/.
//
// TypeScript 7 (the project's `tsc`) ships no compiler API, so this uses the TypeScript 5
// that @custom-elements-manifest/analyzer (the `build` step's `cem analyze`) depends on.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ts = require(require.resolve('typescript', { paths: [path.dirname(require.resolve('@custom-elements-manifest/analyzer/package.json'))] }));

/**
 * Every use of one of `names` in the TypeScript project `tsconfig` (under `root`) whose
 * declaration is not in `<root>/src/element/`, or cannot be found: `{ at, use, name, why }`.
 * Server files are left out: the browser bundles do not hold them.
 */
export function findForeignUses({ root, names, tsconfig = 'tsconfig.json' }) {
  const listed = new Set(names);
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const element = path.join(root, 'src', 'element') + path.sep;
  const bundled = (file) => file.startsWith(path.join(root, 'src') + path.sep) && !file.includes(`${path.sep}server${path.sep}`);
  const findings = [];

  const at = (node) => {
    const file = node.getSourceFile();
    return `${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };
  const member = (type, name) => type?.getProperty(name) ?? (type?.isUnion() ? type.types.map((t) => t.getProperty(name)).find(Boolean) : undefined);
  /** Why the symbol is not one of our element's own members, or undefined when it is. */
  const foreign = (symbol) => {
    if (!symbol) return 'its declaration cannot be found';
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const outside = (symbol.declarations ?? []).map((d) => d.getSourceFile().fileName).filter((f) => !f.startsWith(element));
    if (!symbol.declarations?.length) return 'its declaration cannot be found';
    return outside.length ? `declared in ${[...new Set(outside.map((f) => path.relative(root, f)))].join(', ')}` : undefined;
  };
  const note = (node, use, name, symbol) => {
    const why = foreign(symbol);
    if (why) findings.push({ at: at(node), use, name, why });
  };

  /** `static properties = { … }` of a class (lit's reactive property declarations). */
  const isLitProperties = (literal) =>
    ts.isPropertyDeclaration(literal.parent) && literal.parent.name.getText() === 'properties' && literal.parent.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  /** A reactive property declared `state: true` or with its own `attribute`. */
  const namesNoAttribute = (property) => {
    const options = ts.isPropertyAssignment(property) ? property.initializer : undefined;
    return (
      !!options &&
      ts.isObjectLiteralExpression(options) &&
      options.properties.some(
        (o) =>
          ts.isPropertyAssignment(o) &&
          ((o.name.getText() === 'state' && o.initializer.kind === ts.SyntaxKind.TrueKeyword) ||
            (o.name.getText() === 'attribute' && (ts.isStringLiteral(o.initializer) || o.initializer.kind === ts.SyntaxKind.FalseKeyword))),
      )
    );
  };

  const visit = (node) => {
    const key = node.name && ts.isIdentifier(node.name) && listed.has(node.name.text) ? node.name.text : undefined;
    if (ts.isPropertyAccessExpression(node) && key) {
      note(node, 'read or call', key, checker.getSymbolAtLocation(node.name));
    } else if (key && ts.isObjectLiteralExpression(node.parent) && isLitProperties(node.parent)) {
      // lit defines the accessor under the shortened name, consistently; only an attribute
      // it would derive from the name (lower-cased) would change
      if (!namesNoAttribute(node)) findings.push({ at: at(node), use: 'lit reactive property', name: key, why: 'lit derives its attribute from the name' });
    } else if (key && ts.isObjectLiteralExpression(node.parent) && !ts.isSpreadAssignment(node)) {
      // a key of an object literal: what reads it is the type the literal is given to
      note(node, 'object key', key, member(checker.getContextualType(node.parent), key));
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const name = node.propertyName ?? node.name;
      if (ts.isIdentifier(name) && listed.has(name.text)) note(node, 'destructured', name.text, member(checker.getTypeAtLocation(node.parent), name.text));
    } else if (key && ts.isClassLike(node.parent)) {
      // a class member named like something its base class or interface has: that
      // outside code (lit, the DOM) reads the long name
      const heritage = (node.parent.heritageClauses ?? []).flatMap((clause) => clause.types);
      const inherited = heritage.map((type) => member(checker.getTypeAtLocation(type), key)).find(Boolean);
      if (inherited) note(node, 'class member', key, inherited);
      if (ts.canHaveDecorators(node) && ts.getDecorators(node)?.length) findings.push({ at: at(node), use: 'decorated member', name: key, why: 'a decorator reads the name' });
    }
    if (ts.isTaggedTemplateExpression(node)) {
      // lit property bindings (`.name=${…}`) are strings the shortening does not see
      for (const match of node.template.getText().matchAll(/\s\.([A-Za-z_$][\w$]*)=/g)) {
        if (listed.has(match[1])) findings.push({ at: at(node), use: 'template binding', name: match[1], why: 'lit sets the long name' });
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const file of program.getSourceFiles()) if (!file.isDeclarationFile && bundled(file.fileName)) visit(file);
  return findings;
}

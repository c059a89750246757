// `cem analyze` (run by `npm run build`) writes dist/custom-elements.json from the
// element's source and JSDoc (@tagname, @fires, @csspart, @cssprop).
export default {
  globs: ['src/element/**/*.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [hideInternals()],
};

/**
 * The analyzer lists lit's internal reactive state (`static properties` entries with
 * `state: true`, named `_…`) as attributes and fields; they are not public API.
 */
function hideInternals() {
  const isPublic = (m) => !m.name?.startsWith('_') && m.privacy !== 'private' && m.privacy !== 'protected';
  return {
    name: 'hide-internals',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const d of mod.declarations ?? []) {
          if (d.attributes) d.attributes = d.attributes.filter(isPublic);
          if (d.members) d.members = d.members.filter(isPublic);
        }
      }
    },
  };
}

// What runs-top changes in yoga-layout 3.2.1 (the layout engine under Ink), applied as it is bundled
// and as the tests load it (scripts/dependency-patches.mjs). Each `find` must occur exactly once.

export default {
  'dist/binaries/yoga-wasm-base64-esm.js': [
    {
      // The WebAssembly binary is embedded as a base64 data: URL, and Emscripten's loader reads it
      // with fetch() whenever fetch exists. In Node that first use of fetch loads Node's whole
      // built-in fetch stack (its own copy of undici, web streams) at every start-up, about 20 ms,
      // only to decode a string. The loader's other branch decodes the same string directly.
      why: 'decode the embedded WebAssembly without fetch',
      find: 'function ya(){return w||"function"!=typeof fetch?',
      replace: 'function ya(){return true?',
    },
  ],
};

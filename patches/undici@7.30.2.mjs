// What runs-top changes in undici 7.30.2 (the HTTP client), applied as it is bundled
// (scripts/dependency-patches.mjs). Each `find` must occur exactly once.

export default {
  'lib/dispatcher/client.js': [
    {
      // The HTTP/2 half of the client loads `node:http2` as it is required, at every start, though
      // runs-top never asks for HTTP/2 (allowH2 stays off): it is loaded the first time it is used.
      why: 'load the HTTP/2 client when it is first used',
      find: "const connectH2 = require('./client-h2.js')",
      replace: "let clientH2\nconst connectH2 = (client, socket) => (clientH2 ??= require('./client-h2.js'))(client, socket)",
    },
  ],
};

// undici's modules on their own (src/api/client.ts): the same Pool class and request function that
// undici's index exports.
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';
  const PoolClass: typeof Pool;
  export default PoolClass;
}

declare module 'undici/lib/api/index.js' {
  import type { Dispatcher } from 'undici';
  export function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
}

// Every test renders with the same Ink the monitor runs: the row compositor installed.
import { installRowCompositor } from '../../src/ui/row-compositor.js';

await installRowCompositor();

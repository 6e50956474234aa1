// Starts the chart worker thread from TypeScript sources (tsx dev runs and tests): registers tsx's loader in
// this thread, which a worker does not inherit, then loads render-worker.ts. Compiled builds load
// render-worker.js directly and never use this file.
import { register } from 'tsx/esm/api';

register();
const { default: renderTask, warm } = await import('./render-worker.ts');

export default renderTask;
export { warm };

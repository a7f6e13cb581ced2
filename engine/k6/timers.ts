// `k6/timers`: the same timer functions Node has.
export const setTimeout = globalThis.setTimeout
export const clearTimeout = globalThis.clearTimeout
export const setInterval = globalThis.setInterval
export const clearInterval = globalThis.clearInterval
export default { setTimeout, clearTimeout, setInterval, clearInterval }

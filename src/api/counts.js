// Live-object counts for leak tests (`WebSocketClass.__debugCounts()`, defined in debug builds
// only, see class.js): everything an instance creates that a leak would keep. Each count goes up
// where the object is made and down where it is let go, in the same file.

export const counts = { closures: 0, timers: 0, sockets: 0, lifecycle: 0, instances: 0 };

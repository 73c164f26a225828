// The renderer's view registry (imported by the layout specs for its list of views) names its views'
// .vue files in dynamic imports that never run here; this lets the Node-side typecheck accept them.
declare module '*.vue' {
  import type { Component } from 'vue';
  const component: Component;
  export default component;
}

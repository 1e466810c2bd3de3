import type { PropsWithChildren } from 'react';

// Taro's app component: pages render as its children.
export default function App({ children }: PropsWithChildren) {
  return children;
}

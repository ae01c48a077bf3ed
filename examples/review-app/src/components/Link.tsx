import type { MouseEvent, ReactNode } from "react";

/** An in-app link: a real href (open in a new tab works), navigated without a reload. */
export function Link({ href, navigate, children }: { href: string; navigate: (href: string) => void; children: ReactNode }) {
  const click = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={click}>
      {children}
    </a>
  );
}

import type { SVGProps } from 'react';

/** A bar-chart line icon for the "Targets" navigation entry (same drawing style as ../Icons). */
export function IconTargets({ size = 20, ...props }: SVGProps<SVGSVGElement> & { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      <path d="M4 20h16" />
      <path d="M7 16v-5" />
      <path d="M12 16v-9" />
      <path d="M17 16v-3" />
    </svg>
  );
}

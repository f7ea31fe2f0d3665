import type { SVGProps } from 'react';

/** A handful of line icons (24×24, stroke), drawn here so that no icon library is loaded. */
type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function icon(paths: string[]) {
  return function Icon({ size = 20, ...props }: IconProps) {
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
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  };
}

export const IconSearch = icon(['M10 3a7 7 0 1 0 0 14a7 7 0 1 0 0 -14', 'M21 21l-6 -6']);
export const IconHome = icon([
  'M5 12h-2l9 -9l9 9h-2',
  'M5 12v7a2 2 0 0 0 2 2h10a2 2 0 0 0 2 -2v-7',
  'M10 21v-6h4v6',
]);
export const IconUsers = icon([
  'M9 3a4 4 0 1 0 0 8a4 4 0 1 0 0 -8',
  'M3 21v-2a4 4 0 0 1 4 -4h4a4 4 0 0 1 4 4v2',
  'M16 3.13a4 4 0 0 1 0 7.75',
  'M21 21v-2a4 4 0 0 0 -3 -3.85',
]);
export const IconStation = icon(['M3 21h18', 'M5 21v-12l7 -5l7 5v12', 'M12 10v6', 'M9 13h6']);
export const IconPin = icon([
  'M12 8a3 3 0 1 0 0 6a3 3 0 1 0 0 -6',
  'M17.66 16.66l-4.25 4.24a2 2 0 0 1 -2.82 0l-4.25 -4.24a8 8 0 1 1 11.32 0z',
]);
export const IconPlus = icon(['M12 5v14', 'M5 12h14']);
export const IconCheck = icon(['M5 12l5 5l10 -10']);
export const IconX = icon(['M18 6l-12 12', 'M6 6l12 12']);
export const IconMinus = icon(['M6 12h12']);
export const IconLogout = icon([
  'M14 8v-2a2 2 0 0 0 -2 -2h-7a2 2 0 0 0 -2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2 -2v-2',
  'M9 12h12l-3 -3',
  'M18 15l3 -3',
]);
export const IconLanguage = icon([
  'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0 -18',
  'M3.6 9h16.8',
  'M3.6 15h16.8',
  'M11.5 3a17 17 0 0 0 0 18',
  'M12.5 3a17 17 0 0 1 0 18',
]);
export const IconChevronRight = icon(['M9 6l6 6l-6 6']);
export const IconArrowLeft = icon(['M5 12h14', 'M5 12l6 6', 'M5 12l6 -6']);
export const IconPencil = icon(['M4 20h4l10.5 -10.5a2.83 2.83 0 1 0 -4 -4l-10.5 10.5v4', 'M13.5 6.5l4 4']);
export const IconAlert = icon(['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0 -18', 'M12 8v4', 'M12 16h.01']);
export const IconInfo = icon(['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0 -18', 'M12 11v5', 'M12 8h.01']);
export const IconPhone = icon([
  'M5 4h4l2 5l-2.5 1.5a11 11 0 0 0 5 5l1.5 -2.5l5 2v4a2 2 0 0 1 -2 2a16 16 0 0 1 -15 -15a2 2 0 0 1 2 -2',
]);
export const IconCalendarOff = icon([
  'M4 7a2 2 0 0 1 2 -2h12a2 2 0 0 1 2 2v12a2 2 0 0 1 -2 2h-12a2 2 0 0 1 -2 -2z',
  'M16 3v4',
  'M8 3v4',
  'M4 11h16',
  'M10 15l4 4',
  'M14 15l-4 4',
]);

/** The ytcs mark: a health cross. */
export function LogoMark({ size = 20 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M9.5 3.5h5v6h6v5h-6v6h-5v-6h-6v-5h6z" fill="currentColor" />
    </svg>
  );
}

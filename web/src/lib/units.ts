import { createContext, useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitOut } from '../api/types';

type Named = Pick<UnitOut, 'fullName' | 'fullNameEn'>;

/** A unit's own type ("Xã", "Phường" / "Commune", "Ward"), in the interface language. */
export function useUnitType(): (unit: Pick<UnitOut, 'unitType' | 'unitTypeEn'>) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (unit) => (english ? unit.unitTypeEn || unit.unitType : unit.unitType);
}

/** A unit's name in the interface language ("Tỉnh Quảng Ninh" / "Quang Ninh Province"). */
export function useUnitName(): (unit: Named) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (unit) => (english ? unit.fullNameEn || unit.fullName : unit.fullName);
}

/** True when `path` lies in the scope's subtree (the server's own rule). */
export function inScope(scopePath: string, path: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}.`);
}

/** The unit the user is looking at: every page announces it, the navigation follows. */
export const CurrentUnitContext = createContext<{ code: string; setCode: (code: string) => void }>({
  code: '',
  setCode: () => undefined,
});

export function useCurrentUnitCode(): string {
  return useContext(CurrentUnitContext).code;
}

export function useAnnounceUnit(code: string | null | undefined): void {
  const { setCode } = useContext(CurrentUnitContext);
  useEffect(() => {
    if (code) setCode(code);
  }, [code, setCode]);
}

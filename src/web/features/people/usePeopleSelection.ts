import { useEffect, useState, type SetStateAction } from 'react';
import type { User, UserFilters } from '../../common/api';

/**
 * The People list's selection: the people ticked on screen, or everyone the filters match beyond the pages
 * loaded (`allMatching`). Both are cleared when the filters change.
 */
export function usePeopleSelection(filters: UserFilters, users: User[]) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatchingOnly] = useState(false);
  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    setSelected(new Set());
    setAllMatchingOnly(false);
  }, [filterKey]);
  return {
    selected,
    setSelected,
    allMatching,
    /** Selects everyone the filters match, or (off) goes back to everyone on screen. */
    setAllMatching: (on: boolean) => {
      setAllMatchingOnly(on);
      if (!on) setSelected(new Set(users.map((u) => u.id)));
    },
    /** Ticks or unticks people on screen, which ends "everyone matching". */
    tick: (update: SetStateAction<Set<string>>) => {
      setAllMatchingOnly(false);
      setSelected(update);
    },
  };
}

export type PeopleSelection = ReturnType<typeof usePeopleSelection>;

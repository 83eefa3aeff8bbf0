/**
 * Place search as an ARIA 1.2 combobox with a listbox popup (list autocomplete):
 * ArrowDown/ArrowUp move through the options, Enter picks, Escape closes (then clears),
 * Alt+ArrowDown opens. Focus stays in the input; the active option is announced through
 * aria-activedescendant, the number of results through a polite status region.
 */
import { useDeferredValue, useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { mergeHits, searchPlaces, type PlaceEntry, type SearchHit, type SearchIndex } from '../../geo/search';
import './search.css';

export interface PlaceComboboxProps {
  index: SearchIndex | null;
  /** called on first focus or typing, so the index can be built lazily */
  onWant?: () => void;
  onPick: (entry: PlaceEntry) => void;
  label: string;
  placeholder: string;
  noResults: string;
  countText: (n: number) => string;
  /** secondary text of an option: kind and district */
  describe: (entry: PlaceEntry) => string;
  limit?: number;
  /** a second, asynchronous source of hits (the gazetteer worker); null = superseded */
  remote?: (query: string, limit: number) => Promise<SearchHit[] | null>;
}

export function PlaceCombobox({ index, onWant, onPick, label, placeholder, noResults, countText, describe, limit = 8, remote }: PlaceComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDeferredValue(text);
  const local = useMemo(() => (index && query.trim() ? searchPlaces(index, query, limit) : []), [index, query, limit]);
  const [far, setFar] = useState<{ query: string; hits: SearchHit[] }>({ query: '', hits: [] });
  useEffect(() => {
    if (!remote || !query.trim()) return;
    let live = true;
    remote(query, limit).then((h) => live && h && setFar({ query, hits: h }), () => undefined);
    return () => {
      live = false;
    };
  }, [remote, query, limit]);
  const hits = useMemo(() => (far.query === query && far.hits.length ? mergeHits(local, far.hits, limit) : local), [local, far, query, limit]);
  const expanded = open && text.trim() !== '';
  const activeIndex = active < hits.length ? active : -1;

  const pick = (entry: PlaceEntry) => {
    setText(entry.label);
    setOpen(false);
    setActive(-1);
    onPick(entry);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      if (!e.altKey && hits.length) setActive((a) => (a + 1 >= hits.length ? 0 : a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (hits.length) setActive((a) => (a <= 0 ? hits.length - 1 : a - 1));
    } else if (e.key === 'Enter') {
      if (expanded && activeIndex >= 0) {
        e.preventDefault();
        pick(hits[activeIndex].entry);
      } else if (expanded && hits.length === 1) {
        e.preventDefault();
        pick(hits[0].entry);
      }
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text) {
        e.preventDefault();
        setText('');
      }
    }
  };

  return (
    <div className="place-search">
      <label htmlFor={`${id}-input`} className="place-search-label">{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && activeIndex >= 0 ? `${id}-opt-${activeIndex}` : undefined}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        enterKeyHint="search"
        placeholder={placeholder}
        value={text}
        onFocus={onWant}
        onChange={(e) => {
          onWant?.();
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA 1.2 combobox pattern (listbox of options, focus stays in the input via aria-activedescendant) */}
      <ul id={listId} role="listbox" aria-label={label} className="place-search-listbox" hidden={!expanded}>
        {expanded && hits.map((h, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: options are not focused, the input keeps focus (aria-activedescendant)
          <li
            key={`${h.entry.kind}:${h.entry.id}`}
            id={`${id}-opt-${i}`}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA combobox pattern
            role="option"
            aria-selected={i === activeIndex}
            className={i === activeIndex ? 'active' : undefined}
            // mousedown (not click) so the input does not blur first
            onMouseDown={(e) => {
              e.preventDefault();
              pick(h.entry);
            }}
          >
            <span className="place-search-option-label">{h.entry.label}</span>
            <span className="place-search-option-detail">{describe(h.entry)}</span>
          </li>
        ))}
      </ul>
      <div role="status" aria-live="polite" className="place-search-sr-only">
        {expanded ? (hits.length ? countText(hits.length) : noResults) : ''}
      </div>
      {expanded && index && hits.length === 0 && query === text && <p className="place-search-noresults">{noResults}</p>}
    </div>
  );
}

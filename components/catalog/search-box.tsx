"use client";

import { Search } from "lucide-react";
import { useEffect, useRef, useState } from "react";

const SEARCH_DEBOUNCE_MS = 300;

/**
 * A search field that reports its text once typing pauses. `value` is the search in effect (the
 * URL's): when it changes from outside (back/forward) the field follows, unless the user is in
 * the middle of typing.
 */
export function SearchBox({ label, placeholder, value, onSearch }: { label: string; placeholder: string; value: string; onSearch: (text: string) => void }) {
  const [text, setText] = useState(value);
  const [shownValue, setShownValue] = useState(value);
  const [isTyping, setIsTyping] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  if (value !== shownValue) {
    setShownValue(value);
    if (!isTyping) setText(value);
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  function search(next: string) {
    clearTimeout(timer.current);
    setIsTyping(false);
    onSearch(next.trim());
  }

  return (
    <label className="relative block w-full max-w-sm">
      <span className="sr-only">{label}</span>
      <Search aria-hidden className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted" />
      <input
        type="search"
        value={text}
        maxLength={100}
        placeholder={placeholder}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          setIsTyping(true);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => search(next), SEARCH_DEBOUNCE_MS);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") search(text);
        }}
        className="w-full rounded-md border border-line bg-panel py-1.5 pl-8 pr-3 text-sm"
      />
    </label>
  );
}

import { CloseButton, TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';

interface SearchInputProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  value: string;
  /** Called after typing pauses, so each keystroke does not fire a request. */
  onChange: (value: string) => void;
}

export function SearchInput({ value, onChange, ...props }: SearchInputProps) {
  const [text, setText] = useState(value);
  const commit = useDebouncedCallback(onChange, 300);

  // Follow outside changes such as "Clear filters", without eating a trailing space mid-typing.
  useEffect(() => setText((current) => (current.trim() === value ? current : value)), [value]);

  return (
    <TextInput
      leftSection={<IconSearch size={16} />}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setText('');
              onChange('');
            }}
          />
        ) : null
      }
      {...props}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value.trim());
      }}
    />
  );
}

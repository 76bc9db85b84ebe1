/** Splits a byte stream of newline-delimited JSON into parsed values, keeping partial lines between chunks. */
export function createJsonLineParser(onValue: (value: unknown) => void, onInvalid?: (line: string) => void) {
  let buffered = '';
  const decoder = new TextDecoder();
  return (chunk: Buffer | string) => {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) {
        try {
          onValue(JSON.parse(line));
        } catch {
          onInvalid?.(line);
        }
      }
      newline = buffered.indexOf('\n');
    }
  };
}

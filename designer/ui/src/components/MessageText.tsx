/**
 * A message from the server. Its first line is prose; the lines after it, if any, show where in an
 * expression the mistake is (the expression and a caret under the character), so they keep their
 * columns in a fixed-width font.
 */
export function MessageText({ text }: { text: string }) {
  const nl = text.indexOf("\n");
  if (nl < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, nl)}
      <pre className="caret">{text.slice(nl + 1)}</pre>
    </>
  );
}

/** supertest's binary parser (`.buffer(true).parse(binaryBody)`): PDF, Word, Excel and other downloads arrive whole. */
export function binaryBody(
  response: import('superagent').Response,
  callback: (error: Error | null, body: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

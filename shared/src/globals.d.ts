// The classifier runs in browsers and Node without either's type library (no DOM, no @types/node),
// so only the two standard globals it uses are declared here.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function atob(data: string): string;

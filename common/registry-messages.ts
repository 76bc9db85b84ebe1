/**
 * A registry that speaks plain HTTP where HTTPS was tried: the TLS handshake reads an HTTP answer and fails with
 * "wrong version number". The main process says so in this sentence, and the Add dialog recognises it to offer
 * ticking "Insecure".
 */
export function plainHttpAnswerMessage(host: string): string {
  return `${host} answered in plain HTTP, not HTTPS. If it is a registry without TLS (a local or test one), tick "Insecure (plain HTTP)".`;
}

export function isPlainHttpAnswer(message: string | undefined): boolean {
  return Boolean(message && / answered in plain HTTP, not HTTPS\./.test(message));
}

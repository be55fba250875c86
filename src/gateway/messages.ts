/** What the SMTP gateway says to clients and puts into decisions. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    refused: 'Refused by Postvakt: {finding} ({clause}, rule {rule})',
    relayDenied: 'Relaying denied: authenticate over STARTTLS or send from an allowed network',
    authFailed: 'Authentication failed',
    tooLarge: 'Message too large: at most {max} bytes',
    bareLf: 'Bare LF in message: lines must end with CRLF (RFC 5321 section 2.3.8)',
    unreadable: 'Message could not be read: {error}',
    tryLater: 'Temporary problem storing the message, try again later',
    queued: 'Ok: queued as {id}',
  },
  da: {
    refused: 'Afvist af Postvakt: {finding} ({clause}, regel {rule})',
    relayDenied: 'Videresendelse afvist: log ind over STARTTLS eller send fra et tilladt netværk',
    authFailed: 'Login mislykkedes',
    tooLarge: 'Beskeden er for stor: højst {max} byte',
    bareLf: 'Løst LF i beskeden: linjer skal slutte med CRLF (RFC 5321 afsnit 2.3.8)',
    unreadable: 'Beskeden kunne ikke læses: {error}',
    tryLater: 'Midlertidigt problem med at gemme beskeden, prøv igen senere',
    queued: 'OK: sat i kø som {id}',
  },
  sv: {
    refused: 'Avvisat av Postvakt: {finding} ({clause}, regel {rule})',
    relayDenied: 'Vidarebefordran nekad: logga in via STARTTLS eller skicka från ett tillåtet nätverk',
    authFailed: 'Inloggningen misslyckades',
    tooLarge: 'Meddelandet är för stort: högst {max} byte',
    bareLf: 'Ensamt LF i meddelandet: rader ska sluta med CRLF (RFC 5321 avsnitt 2.3.8)',
    unreadable: 'Meddelandet kunde inte läsas: {error}',
    tryLater: 'Tillfälligt problem att spara meddelandet, försök igen senare',
    queued: 'OK: köat som {id}',
  },
});

#!/usr/bin/env bash
# The Debian programs the tests talk to (`npm test` runs this first). As root it installs the
# missing ones; otherwise it prints the one apt-get line to run and fails, so a test never
# fails later with "executable doesn't exist".
set -euo pipefail

need=()
# The web app's browser test drives Debian's chromium (playwright-core, no downloaded browser).
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v swaks >/dev/null || need+=(swaks)
# swaks speaks STARTTLS only with these Perl modules (recommends, which --no-install-recommends skips).
perl -MIO::Socket::SSL -MNet::SSLeay -e1 2>/dev/null || need+=(libio-socket-ssl-perl libnet-ssleay-perl)
# Postfix's test tools (smtp-sink, smtp-source) live in /usr/sbin, outside a normal user's PATH.
[ -x /usr/sbin/smtp-sink ] || need+=(postfix)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v pg_dump >/dev/null || need+=(postgresql-client)
command -v xmllint >/dev/null || need+=(libxml2-utils)
# Requests for documents: a released PDF must not hold masked text, checked with poppler's pdftotext too.
command -v pdftotext >/dev/null || need+=(poppler-utils)
# The deployment tests: systemd-analyze checks the service unit; openssl makes client
# certificates; the Postfix test runs a private postfix instance (as root: its master drops to
# the postfix user).
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v openssl >/dev/null || need+=(openssl)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need Debian packages that are missing. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
  echo "Installing the test peers: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # postfix asks for a mail configuration on install; "No configuration" keeps it from starting.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Store tests run against a real PostgreSQL and fail (never skip) without it; say so up front.
url="${POSTVAKT_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! pg_isready -q -d "$url" -t 5; then
  echo "PostgreSQL is not answering at $url. Start it (pg_ctlcluster <version> main start) or set POSTVAKT_TEST_PG_URL." >&2
  exit 1
fi

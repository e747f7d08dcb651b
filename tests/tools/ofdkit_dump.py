"""Read an OFD with ofdkit (an independent reader from PyPI, installed by scripts/setup.sh tests)
and print what it finds as JSON: the document information, and per page its size and the text
runs with their positions (millimetres from the top-left corner, y on the baseline), and the
page's text in ofdkit's reading order. Nothing here knows how gongwen wrote the file.

    python3 tests/tools/ofdkit_dump.py FILE.ofd
"""

import json
import sys

import ofdkit


def main(path):
    with ofdkit.open(path) as doc:
        pages = []
        for page in doc.pages:
            pages.append(
                {
                    "width": page.width,
                    "height": page.height,
                    "runs": [
                        {"text": r.text, "x": r.x, "y": r.y, "size": r.size, "width": r.width}
                        for r in page.runs
                    ],
                    "text": page.text(),
                }
            )
        print(
            json.dumps(
                {
                    "version": ofdkit.__version__,
                    "info": doc.info.to_dict(),
                    "pages": pages,
                    "warnings": doc.warnings,
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main(sys.argv[1])

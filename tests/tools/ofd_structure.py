"""Check an OFD package against the structure GB/T 33190-2016 requires, with Python's own XML
parser and fontTools (independent of gongwen), and print a JSON report:

    {"parts": [...], "problems": [...], "fonts": {...}}

Each part must parse; each element the standard's schema requires must be there with its
required attributes; IDs are unique and within MaxUnitID; every reference (DocRoot, PublicRes,
Page BaseLoc, Font, FontFile) resolves; each TextCode has one DeltaX step per gap between its
characters; every embedded font file parses, and its cmap maps every character drawn with it
to a real glyph (the glyph a CGTransform names, where one does).

    python3 tests/tools/ofd_structure.py FILE.ofd
"""

import io
import json
import posixpath
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

from fontTools.ttLib import TTFont

NS = "{http://www.ofdspec.org/2016}"
problems = []


def problem(message):
    problems.append(message)


def q(name):
    return NS + name


def one(parent, name, where):
    found = parent.findall(q(name))
    if len(found) != 1:
        problem(f"{where}: expected one {name}, found {len(found)}")
        return None
    return found[0]


def need(element, attribute, where):
    value = element.get(attribute)
    if value is None:
        problem(f"{where}: {element.tag.replace(NS, '')} without {attribute}")
    return value


def numbers(text, count, where):
    try:
        values = [float(v) for v in text.split()]
    except (AttributeError, ValueError):
        problem(f"{where}: not numbers: {text!r}")
        return None
    if count is not None and len(values) != count:
        problem(f"{where}: expected {count} numbers, got {text!r}")
        return None
    return values


def expand_deltas(text):
    """DeltaX with the `g COUNT VALUE` shorthand expanded."""
    tokens = text.split()
    out, i = [], 0
    while i < len(tokens):
        if tokens[i] == "g":
            out.extend([float(tokens[i + 2])] * int(tokens[i + 1]))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def resolve(base_file, loc):
    """A location relative to the directory of `base_file`, or absolute from the root."""
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), loc))


def main(path):
    package = zipfile.ZipFile(path)
    names = set(package.namelist())
    parts = {}
    for name in sorted(names):
        if name.endswith(".xml"):
            try:
                parts[name] = ET.fromstring(package.read(name))
            except ET.ParseError as e:
                problem(f"{name}: not well-formed: {e}")
    ids = {}

    def record_id(element, where):
        value = element.get("ID")
        if value is None:
            return
        if not re.fullmatch(r"[1-9][0-9]*", value):
            problem(f"{where}: ID {value!r} is not a positive integer")
            return
        if value in ids:
            problem(f"{where}: ID {value} also used in {ids[value]}")
        ids[value] = where

    ofd = parts.get("OFD.xml")
    if ofd is None or ofd.tag != q("OFD"):
        problem("OFD.xml: missing, or its root is not ofd:OFD")
        print(json.dumps({"parts": sorted(names), "problems": problems}, ensure_ascii=False))
        return
    if ofd.get("Version") != "1.0" or ofd.get("DocType") != "OFD":
        problem("OFD.xml: Version must be 1.0 and DocType OFD")
    body = one(ofd, "DocBody", "OFD.xml")
    info = one(body, "DocInfo", "OFD.xml DocBody")
    doc_id = one(info, "DocID", "OFD.xml DocInfo")
    if doc_id is not None and not re.fullmatch(r"[0-9a-f]{32}", doc_id.text or ""):
        problem(f"OFD.xml: DocID {doc_id.text!r} is not 32 hex digits")
    date = info.find(q("CreationDate"))
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date.text or ""):
        problem(f"OFD.xml: CreationDate {date.text!r} is not an xs:date")
    root = one(body, "DocRoot", "OFD.xml DocBody")
    doc_path = resolve("OFD.xml", root.text or "")
    document = parts.get(doc_path)
    if document is None or document.tag != q("Document"):
        problem(f"DocRoot {root.text!r}: no Document part")
        print(json.dumps({"parts": sorted(names), "problems": problems}, ensure_ascii=False))
        return

    common = one(document, "CommonData", doc_path)
    max_id = int(one(common, "MaxUnitID", doc_path).text)
    area = one(common, "PageArea", doc_path)
    page_box = numbers(one(area, "PhysicalBox", doc_path).text, 4, f"{doc_path} PhysicalBox")
    fonts = {}
    font_report = {}
    for res in common.findall(q("PublicRes")) + common.findall(q("DocumentRes")):
        res_path = resolve(doc_path, res.text or "")
        res_root = parts.get(res_path)
        if res_root is None or res_root.tag != q("Res"):
            problem(f"{doc_path}: resource {res.text!r} is not a Res part")
            continue
        base = need(res_root, "BaseLoc", res_path) or ""
        for font in res_root.iter(q("Font")):
            where = f"{res_path} Font {font.get('ID')}"
            record_id(font, where)
            need(font, "ID", where)
            need(font, "FontName", where)
            file = font.find(q("FontFile"))
            if file is None:
                problem(f"{where}: no FontFile (the font is not embedded)")
                continue
            file_path = resolve(posixpath.join(posixpath.dirname(res_path), base, "x"), file.text or "")
            if file_path not in names:
                problem(f"{where}: FontFile {file.text!r} is not in the package ({file_path})")
                continue
            try:
                tt = TTFont(io.BytesIO(package.read(file_path)))
                cmap = tt.getBestCmap() or {}
                glyph_order = tt.getGlyphOrder()
            except Exception as e:  # any failure to read the font is the finding
                problem(f"{where}: the font file does not parse: {e}")
                continue
            fonts[font.get("ID")] = (cmap, glyph_order)
            font_report[font.get("ID")] = {
                "name": font.get("FontName"),
                "file": file_path,
                "glyphs": len(glyph_order),
                "outlines": "CFF" if "CFF " in tt else ("glyf" if "glyf" in tt else "?"),
                "tables": sorted(tt.keys()),
            }

    pages = one(document, "Pages", doc_path)
    page_parts = []
    for page in pages.findall(q("Page")):
        where = f"{doc_path} Page {page.get('ID')}"
        record_id(page, where)
        loc = need(page, "BaseLoc", where)
        page_path = resolve(doc_path, loc or "")
        if page_path not in parts:
            problem(f"{where}: BaseLoc {loc!r} is not a part")
            continue
        page_parts.append(page_path)
    page_ids = {p.get("ID") for p in pages.findall(q("Page"))}
    for dest in document.iter(q("Dest")):
        if dest.get("PageID") not in page_ids:
            problem(f"{doc_path}: outline goes to page {dest.get('PageID')}, which is not a page")
    for elem in document.iter(q("OutlineElem")):
        need(elem, "Title", f"{doc_path} OutlineElem")

    characters = 0
    for page_path in page_parts:
        page = parts[page_path]
        if page.tag != q("Page"):
            problem(f"{page_path}: root is not ofd:Page")
            continue
        content = one(page, "Content", page_path)
        for layer in content.findall(q("Layer")):
            record_id(layer, f"{page_path} Layer")
            need(layer, "ID", f"{page_path} Layer")
        for obj in page.iter():
            tag = obj.tag.replace(NS, "")
            if tag not in ("TextObject", "PathObject", "ImageObject"):
                continue
            where = f"{page_path} {tag} {obj.get('ID')}"
            need(obj, "ID", where)
            record_id(obj, where)
            numbers(need(obj, "Boundary", where), 4, where)
            if tag == "PathObject":
                data = one(obj, "AbbreviatedData", where)
                if data is not None and not (data.text or "").strip():
                    problem(f"{where}: empty AbbreviatedData")
            if tag != "TextObject":
                continue
            font_id = need(obj, "Font", where)
            need(obj, "Size", where)
            if font_id not in fonts:
                problem(f"{where}: Font {font_id} is not an embedded font resource")
                continue
            cmap, glyph_order = fonts[font_id]
            codes = obj.findall(q("TextCode"))
            if not codes:
                problem(f"{where}: no TextCode")
            named = {}
            for child in obj:
                if child.tag == q("CGTransform"):
                    glyphs = child.find(q("Glyphs"))
                    named[int(child.get("CodePosition"))] = int(glyphs.text)
                elif child.tag == q("TextCode"):
                    text = child.text or ""
                    characters += len(text)
                    if child.get("X") is None or child.get("Y") is None:
                        problem(f"{where}: TextCode without X and Y")
                    deltas = expand_deltas(child.get("DeltaX", ""))
                    if len(deltas) != max(len(text) - 1, 0):
                        problem(f"{where}: {len(deltas)} DeltaX for {len(text)} characters in {text!r}")
                    for k, ch in enumerate(text):
                        glyph = cmap.get(ord(ch))
                        if k in named:
                            if not 0 < named[k] < len(glyph_order):
                                problem(f"{where}: CGTransform names glyph {named[k]}, not in the font")
                        elif glyph is None or glyph == glyph_order[0]:
                            problem(f"{where}: font {font_id} has no glyph for {ch!r} (U+{ord(ch):04X})")
                    named = {}
    for value in ids:
        if int(value) > max_id:
            problem(f"ID {value} ({ids[value]}) is above MaxUnitID {max_id}")
    print(
        json.dumps(
            {
                "parts": sorted(names),
                "problems": problems,
                "fonts": font_report,
                "page_box": page_box,
                "pages": len(page_parts),
                "characters": characters,
                "max_id": max_id,
                "ids": len(ids),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])

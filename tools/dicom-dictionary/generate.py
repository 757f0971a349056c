#!/usr/bin/env python3
"""Generates RadCnn.Dicom's tag and UID dictionaries from the installed Debian packages' data files.

Inputs (read where the packages install them; nothing of theirs is kept in RadCnn's tree):
  dicom.dic         package dcmtk (/usr/share/dcmtk/dicom.dic or $DCMTK_DICOM_DIC): tag, VR, keyword,
                    VM, retired. The authority for which tags exist and their VR/VM.
  _dicom_dict.py    package python3-pydicom: the standard's human-readable names ("Patient's Name"),
                    which dicom.dic does not carry. Used for names only.
  _uid_dict.py      package python3-pydicom: PS3.6 Annex A UID table (UID, name, type, retired, keyword).
The generated files name the package versions that produced them. The committed tables come from
Debian 13 (dcmtk 3.6.9, pydicom 2.4.3): run the generator where those are installed, e.g. inside
RadCnn's userland: ./radcnn exec python3 tools/dicom-dictionary/generate.py
Outputs (under --out DIR, default the repository root):
  src/Dicom/DicomTagGenerated.cs                       static DicomTag properties per keyword
  src/Dicom/DicomUidGenerated.cs                       static DicomUid properties per keyword + table
  src/Dicom/Dictionary/DicomDictionaryTable.cs         the tag table as compact text, parsed lazily
Standard library only (pydicom's files are parsed, not imported), deterministic output.
"""
import argparse
import ast
import glob
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = ROOT


def find_first(candidates, what):
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    raise SystemExit(f"generate.py: {what} not found (looked in {', '.join(c for c in candidates if c)}); "
                     "install the Debian packages dcmtk and python3-pydicom")


def package_version(package, fallback_file=None):
    """The installed Debian package's version, from dpkg's status file (no subprocess)."""
    try:
        with open("/var/lib/dpkg/status", encoding="utf-8", errors="replace") as status:
            for block in status.read().split("\n\n"):
                lines = block.splitlines()
                if f"Package: {package}" in lines:
                    for line in lines:
                        if line.startswith("Version: "):
                            return line[len("Version: "):]
    except OSError:
        pass
    return "unknown version"


DCMTK_DIC = find_first([os.environ.get("DCMTK_DICOM_DIC"), "/usr/share/dcmtk/dicom.dic"]
                       + sorted(glob.glob("/usr/share/libdcmtk*/dicom.dic")), "DCMTK's dicom.dic")
PYDICOM_DIR = os.environ.get("PYDICOM_DIR", "/usr/lib/python3/dist-packages/pydicom")
PYDICOM_TAGS = find_first([os.path.join(PYDICOM_DIR, "_dicom_dict.py")], "pydicom's _dicom_dict.py")
PYDICOM_UIDS = find_first([os.path.join(PYDICOM_DIR, "_uid_dict.py")], "pydicom's _uid_dict.py")
SOURCES = f"dcmtk {package_version('dcmtk')}, python3-pydicom {package_version('python3-pydicom')}"

# DCMTK pseudo-VRs: the first is used when the VR must be guessed (implicit VR: pixel and overlay data
# are OW there, PS3.5 A.1), the rest are allowed. US/SS is resolved by the reader from Pixel Representation.
PSEUDO_VR = {"ox": "OW/OB", "xs": "US/SS", "lt": "OW/US/SS", "px": "OW/OB", "up": "UL", "na": "NONE"}

# Members of DicomTag / DicomUid a keyword must not shadow.
RESERVED = {"Group", "Element", "IsPrivate", "Equals", "GetHashCode", "ToString", "DictionaryEntry",
            "Value", "Name", "Type", "Keyword", "IsRetired", "Parse", "Generate", "Lookup", "Unknown"}


def read_python_dict(path, name):
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        target = None
        if isinstance(node, ast.Assign):
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        if isinstance(target, ast.Name) and target.id == name:
            return ast.literal_eval(node.value)
    raise SystemExit(f"{name} not found in {path}")


def parse_range(text):
    """'6000-60FF' or '0009-o-FFFF' or '0010-u-00FF' -> (lo, hi, parity) parity in {'e','o','u'}."""
    m = re.fullmatch(r"([0-9A-Fa-f]{4})(?:-(?:([ou])-)?([0-9A-Fa-f]{4}))?", text)
    if not m:
        raise SystemExit(f"bad tag part {text}")
    lo = int(m.group(1), 16)
    if m.group(3) is None:
        return lo, lo, "u"
    return lo, int(m.group(3), 16), m.group(2) or "e"


def output(*parts):
    path = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def main():
    global OUT
    parser = argparse.ArgumentParser(description="Generate RadCnn.Dicom's dictionaries from installed packages.")
    parser.add_argument("--out", default=ROOT, help="root under which src/Dicom/... is written (default: the repository)")
    OUT = parser.parse_args().out
    names = {}
    for tag, (vr, vm, name, retired, keyword) in read_python_dict(PYDICOM_TAGS, "DicomDictionary").items():
        if keyword:
            names[keyword] = name
    for mask, (vr, vm, name, retired, keyword) in read_python_dict(PYDICOM_TAGS, "RepeatersDictionary").items():
        if keyword:
            names[keyword] = name

    rows = []
    for line in open(DCMTK_DIC, encoding="latin-1"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        fields = [f for f in fields if f != ""]
        tag, vr, keyword, vm, version = fields[0], fields[1], fields[2], fields[3], fields[4]
        m = re.fullmatch(r"\(([^,]+),([^)]+)\)", tag)
        g_lo, g_hi, g_par = parse_range(m.group(1))
        e_lo, e_hi, e_par = parse_range(m.group(2))
        retired = version.endswith("/retired") or keyword.startswith("RETIRED_")
        if keyword.startswith("RETIRED_"):
            keyword = keyword[len("RETIRED_"):]
        vr = PSEUDO_VR.get(vr, vr)
        name = names.get(keyword) or re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", keyword)
        kind = version.split("/")[0]
        rows.append((g_lo, g_hi, g_par, e_lo, e_hi, e_par, vr, vm, keyword, name, retired, kind))
    rows.sort(key=lambda r: (r[0], r[3], r[1], r[4]))

    # Tag table: one line per entry, tab-separated, parsed once on first dictionary lookup.
    table_lines = []
    for g_lo, g_hi, g_par, e_lo, e_hi, e_par, vr, vm, keyword, name, retired, kind in rows:
        table_lines.append("\t".join([f"{g_lo:04X}", f"{g_hi:04X}", g_par, f"{e_lo:04X}", f"{e_hi:04X}", e_par,
                                      vr, vm, keyword, name, "R" if retired else "", kind]))
    table = "\n".join(table_lines)
    with open(output("src", "Dicom", "Dictionary", "DicomDictionaryTable.cs"), "w", encoding="utf-8", newline="\n") as f:
        f.write("// <auto-generated> by tools/dicom-dictionary/generate.py from DCMTK's dicom.dic with names from\n")
        f.write(f"// pydicom ({SOURCES}). Do not edit; rerun the generator. </auto-generated>\n")
        f.write("namespace RadCnn.Dicom.Dictionary;\n\n")
        f.write("internal static class DicomDictionaryTable\n{\n")
        f.write("    /// <summary>groupLo groupHi groupParity elementLo elementHi elementParity VR VM keyword name retired kind.</summary>\n")
        f.write('    internal const string Tags = """\n')
        f.write(table)
        f.write('\n""";\n}\n')

    # Static DicomTag properties for single (non-range) standard tags.
    seen = set()
    with open(output("src", "Dicom", "DicomTagGenerated.cs"), "w", encoding="utf-8", newline="\n") as f:
        f.write(f"// <auto-generated> by tools/dicom-dictionary/generate.py from DCMTK's dicom.dic ({SOURCES}). Do not edit. </auto-generated>\n")
        f.write("namespace RadCnn.Dicom;\n\n")
        f.write("public readonly partial struct DicomTag\n{\n")
        for g_lo, g_hi, g_par, e_lo, e_hi, e_par, vr, vm, keyword, name, retired, kind in rows:
            if kind != "DICOM" or keyword in seen or keyword in RESERVED:
                continue
            seen.add(keyword)
            doc = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            suffix = " (retired)" if retired else ""
            f.write(f"    /// <summary>({g_lo:04X},{e_lo:04X}) {vr} {vm} {doc}{suffix}</summary>\n")
            f.write(f"    public static DicomTag {keyword} => new(0x{g_lo:04X}, 0x{e_lo:04X});\n")
        f.write("}\n")

    uids = read_python_dict(PYDICOM_UIDS, "UID_dictionary")
    seen = set()
    with open(output("src", "Dicom", "DicomUidGenerated.cs"), "w", encoding="utf-8", newline="\n") as f:
        f.write("// <auto-generated> by tools/dicom-dictionary/generate.py from pydicom's _uid_dict.py (PS3.6 Annex A;\n")
        f.write(f"// {SOURCES}). Do not edit. </auto-generated>\n")
        f.write("namespace RadCnn.Dicom;\n\n")
        f.write("public sealed partial class DicomUid\n{\n")
        entries = []
        for uid in sorted(uids, key=lambda u: [int(p) for p in u.split(".")]):
            name, typ, info, retired, keyword = uids[uid]
            entries.append((uid, name, typ, retired == "Retired", keyword))
            if not keyword or keyword in seen or keyword in RESERVED or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", keyword):
                continue
            seen.add(keyword)
            doc = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            f.write(f"    /// <summary>{uid}: {doc}{' (retired)' if retired else ''}</summary>\n")
            f.write(f"    public static DicomUid {keyword} {{ get; }} = Known(\"{uid}\");\n\n")
        f.write("    /// <summary>uid, name, type, retired, keyword: one entry per line, parsed once.</summary>\n")
        f.write('    private const string Table = """\n')
        for uid, name, typ, retired, keyword in entries:
            f.write("\t".join([uid, name, typ, "R" if retired else "", keyword]) + "\n")
        f.write('""";\n}\n')
    print(f"{len(rows)} tag entries, {len(entries)} UIDs", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Dumps DICOM files as pydicom reads them, for RadCnn.Dicom's comparison test.

For every file given on the command line prints one JSON line: {"file", "error"} or {"file", "meta",
"dataset"}, each dataset a list of elements {"tag", "vr", "raw": sha1 of the value bytes as read,
in little-endian order, "len", "str": string values (default repertoire files only), "items": nested
datasets for sequences}. Raw bytes are taken before pydicom converts the element, so the comparison is
of what is in the file, not of pydicom's conversions.
"""
import hashlib
import json
import sys

import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName

SWAP = {"US": 2, "SS": 2, "OW": 2, "AT": 2, "UL": 4, "SL": 4, "FL": 4, "OF": 4, "OL": 4,
        "FD": 8, "OD": 8, "SV": 8, "UV": 8, "OV": 8}
STRING_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}


def swapped(value, unit):
    out = bytearray(value)
    for i in range(0, len(out) - len(out) % unit, unit):
        out[i:i + unit] = out[i:i + unit][::-1]
    return bytes(out)


def dump(ds, want_strings):
    out = []
    for tag in sorted(ds._dict.keys()):
        raw = ds._dict[tag]
        raw_value = None
        raw_vr = None
        little = True
        if isinstance(raw, RawDataElement):
            raw_value = raw.value
            raw_vr = raw.VR
            little = raw.is_little_endian
        try:
            elem = ds[tag]
        except Exception as e:  # pydicom could not convert the value: compare the bytes only
            out.append({"tag": "%08X" % tag, "vr": raw_vr or "UN", "convert_error": str(e)[:200],
                        "raw": hashlib.sha1(raw_value or b"").hexdigest(), "len": len(raw_value or b"")})
            continue
        entry = {"tag": "%08X" % tag, "vr": elem.VR}
        if elem.VR == "SQ":
            entry["items"] = [dump(item, want_strings) for item in elem.value]
        else:
            if raw_value is not None:
                if not little and raw_vr in SWAP:
                    raw_value = swapped(raw_value, SWAP[raw_vr])
                entry["raw"] = hashlib.sha1(raw_value).hexdigest()
                entry["len"] = len(raw_value)
            entry["undefined"] = bool(isinstance(raw, RawDataElement) and raw.length == 0xFFFFFFFF)
            if want_strings and elem.VR in STRING_VRS and elem.VR != "PN":
                v = elem.value
                values = list(v) if isinstance(v, MultiValue) else ([] if v is None else [v])
                entry["str"] = [str(x) for x in values]
        out.append(entry)
    return out


for path in sys.argv[1:]:
    try:
        ds = pydicom.dcmread(path, force=True)
        want = "SpecificCharacterSet" not in ds
        result = {"file": path, "meta": dump(ds.file_meta, True) if hasattr(ds, "file_meta") else [],
                  "dataset": dump(ds, want)}
    except Exception as e:
        result = {"file": path, "error": "%s: %s" % (type(e).__name__, str(e)[:300])}
    print(json.dumps(result))

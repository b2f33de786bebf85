"""Reference for ExportTests.jsonIsWrittenAsNbformatWritesIt: how nbformat (json.dumps with
sort_keys=True, indent=1, ensure_ascii=False, then a final newline; nbformat/v4/nbjson.py) writes a
small notebook-like object with strings that need escaping. Run: python3 notebook_json.py"""
import json

value = {
    "zeta": [],
    "alpha": {"b": 1, "a": "quote \" backslash \\ tab \t bell \u0007 é ∆ / end\n"},
    "lines": ["first\n", "second"],
    "empty": {},
}
print(json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False))

"""Write index/data/char_readings.txt: each CJK character's usual toneless reading, from pypinyin's table.

Question understanding compares readings (平谭 typed for 平潭, 申清 for 申请) on the cold path of every
question, where importing pypinyin would cost ~0.35 s; this file is read instead (~20,000 characters, one
line per reading). Run it again after upgrading pypinyin: `.venv/bin/python scripts/make_char_readings.py`.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict

OUT = Path(__file__).resolve().parents[1] / "index" / "data" / "char_readings.txt"


def main() -> None:
    by_reading: dict[str, list[str]] = {}
    for code in range(0x4E00, 0xA000):
        first = pinyin_dict.get(code, "").split(",")[0]
        plain = "".join(c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c)).lower()
        if plain.isascii() and plain.isalpha():
            by_reading.setdefault(plain, []).append(chr(code))
    import pypinyin

    lines = [f"# usual toneless reading of each CJK character, from pypinyin {pypinyin.__version__} (MIT licence);"
             " written by scripts/make_char_readings.py"]
    lines += [f"{r}\t{''.join(chars)}" for r, chars in sorted(by_reading.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {sum(len(c) for c in by_reading.values())} characters, {len(by_reading)} readings")


if __name__ == "__main__":
    main()

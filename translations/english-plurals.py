#!/usr/bin/env python3
"""english-plurals.py [TS-FILE]: fill in the English singular and plural of every plural message lupdate left open.

The sources say "%n restart(s)"; English needs "1 restart" and "2 restarts". Run after
`cmake --build <dir> --target update_translations`; messages already translated are left as they are, so a form
corrected by hand stays corrected."""
import re
import sys
import xml.etree.ElementTree as ET

# Where the rule below would read wrong, the forms by hand: source -> (singular, plural).
BY_HAND = {
    "All %n workers that depend on %1 run again from %2, %3 after it came back (%4)":
        ("The %n worker that depends on %1 runs again from %2, %3 after it came back (%4)",
         "All %n workers that depend on %1 run again from %2, %3 after it came back (%4)"),
    "--%1 is given %n times (%2); give it once":
        ("--%1 is given %n time (%2); give it once", "--%1 is given %n times (%2); give it once"),
}


def forms(source):
    if source in BY_HAND:
        return BY_HAND[source]
    singular, plural = source, source
    # "depend(s)": a verb, whose singular takes the s.
    singular = re.sub(r"(\w+)\(s\)(?= on)", r"\1s", singular)
    plural = re.sub(r"(\w+)\(s\)(?= on)", r"\1", plural)
    singular = re.sub(r"(\w+)y\(ies\)", r"\1y", singular)
    plural = re.sub(r"(\w+)y\(ies\)", r"\1ies", plural)
    singular = singular.replace("(es)", "").replace("(s)", "")
    plural = plural.replace("(es)", "es").replace("(s)", "s")
    # "%n workers" with no "(s)": the word after %n loses its s in the singular.
    if "(s)" not in source and "(es)" not in source and "(ies)" not in source:
        singular = re.sub(r"%n (\w+?)s\b", r"%n \1", singular)
    return singular, plural


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "translations/supervisor-lab_en.ts"
    tree = ET.parse(path)
    filled = 0
    for message in tree.iter("message"):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        done = [f.text for f in translation.findall("numerusform") if f.text]
        if len(done) == 2 and translation.get("type") != "unfinished":
            continue
        for form in list(translation):
            translation.remove(form)
        for text in forms(message.find("source").text):
            ET.SubElement(translation, "numerusform").text = text
        translation.attrib.pop("type", None)
        filled += 1
    if filled == 0:
        print(f"english-plurals: every plural message in {path} has its English forms")
        return
    with open(path, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")
    print(f"english-plurals: {filled} message(s) filled in {path}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds gdpr.1 from docs/gdpr.1.in and the program's own --help output.

Usage: gen_man.py GDPR_BINARY TEMPLATE OUTPUT VERSION [LANGUAGE]
LANGUAGE (en, the default, or de) is the language of the help texts read: the German page
(docs/gdpr.de.1.in) is filled from the German help, the same catalogue as every message.
Every subcommand found in `gdpr --help` (and, recursively, in each command's help) becomes an
entry of COMMANDS with its usage line, description and options, so the page cannot drift from
the program.
"""
import os
import re
import subprocess
import sys
import tempfile

# The help's section headers and usage prefix in each language, and what they are.
HEADERS = {
    "en": {"options": r"Options", "positionals": r"Positionals", "commands": r"Subcommands|Commands|[A-Z][a-z]+ commands",
           "usage": "Usage: "},
    "de": {"options": r"Optionen", "positionals": r"Argumente", "commands": r"Befehle|Befehle für [A-Za-zäöü]+",
           "usage": "Aufruf: "},
}
LANGUAGE = "en"


def kind_of(header):
    """options, positionals or commands for a section header of the help, or None."""
    for kind in ("options", "positionals", "commands"):
        if re.fullmatch(HEADERS[LANGUAGE][kind], header):
            return kind
    return None


def run_help(binary, words):
    env = dict(os.environ, LANG="C", LC_ALL="C", LANGUAGE="", NO_COLOR="1")
    env.pop("GDPR_CONFIG", None)
    with tempfile.NamedTemporaryFile("w", suffix=".toml") as config:
        # The language from a configuration, not a locale: the build machine need not have de_*.
        config.write(f'language = "{LANGUAGE}"\n')
        config.flush()
        env["GDPR_CONFIG"] = config.name
        return subprocess.run([binary, *words, "--help"], check=True, capture_output=True, text=True, env=env).stdout


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def parse(help_text):
    """Returns (description, usage, {section: [(left, right)]})."""
    lines = help_text.splitlines()
    description = lines[0].strip() if lines and not lines[0].startswith("Usage:") else ""
    prefix = HEADERS[LANGUAGE]["usage"]
    description = "" if description.startswith(prefix) else description
    usage = next((l[len(prefix):] for l in lines if l.startswith(prefix)), "")
    sections, current = {}, None
    for line in lines:
        m = re.match(r"^(\S.*):$", line)
        if m and kind_of(m.group(1)):
            current = sections.setdefault(m.group(1), [])
            continue
        if current is None:
            continue
        if not line.strip():
            current = None
            continue
        if line.startswith("  "):
            parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            if len(parts) == 2 or line.startswith("  ") and not line.startswith("    "):
                current.append([parts[0], parts[1] if len(parts) == 2 else ""])
            elif current:
                current[-1][1] += " " + line.strip()
        elif current:
            current[-1][1] += " " + line.strip()
    return description, usage, sections


def option_entries(items):
    out = []
    for left, right in items:
        if left.startswith("-h,--help"):
            continue
        names, _, rest = left.partition(" ")
        out.append(".TP\n\\fB" + roff(names) + "\\fR" + (" \\fI" + roff(rest) + "\\fR" if rest else "") + "\n" + roff(right))
    return "\n".join(out)


def commands(binary, words=()):
    description, usage, sections = parse(run_help(binary, list(words)))
    out = []
    if words:
        out.append(".SS " + roff(" ".join(words)) + "\n" + roff(description) + "\n.PP\n.B " + roff(usage))
        for kind in ("positionals", "options"):
            for section, items in sections.items():
                if kind_of(section) == kind and items:
                    out.append(option_entries(items))
    for section, items in sections.items():
        if kind_of(section) == "commands":
            for name, _ in items:
                out.extend(commands(binary, (*words, name)))
    return out


def main():
    global LANGUAGE
    binary, template, output, version = sys.argv[1:5]
    LANGUAGE = sys.argv[5] if len(sys.argv) > 5 else "en"
    _, _, top = parse(run_help(binary, []))
    page = open(template, encoding="utf-8").read()
    page = page.replace("@VERSION@", version)
    top_options = [item for section, items in top.items() if kind_of(section) == "options" for item in items]
    page = page.replace("@GLOBAL_OPTIONS@", option_entries(top_options))
    page = page.replace("@COMMANDS@", "\n".join(commands(binary)))
    with open(output, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds gdpr.1 from docs/gdpr.1.in and the program's own --help output.

Usage: gen_man.py GDPR_BINARY TEMPLATE OUTPUT VERSION
Every subcommand found in `gdpr --help` (and, recursively, in each command's help) becomes an
entry of COMMANDS with its usage line, description and options, so the page cannot drift from
the program.
"""
import os
import re
import subprocess
import sys

HEADER = re.compile(r"^(Options|Positionals|Subcommands|Commands|[A-Z][a-z]+ commands):$")


def run_help(binary, words):
    env = dict(os.environ, LANG="C", LC_ALL="C", LANGUAGE="", NO_COLOR="1")
    env.pop("GDPR_CONFIG", None)
    return subprocess.run([binary, *words, "--help"], check=True, capture_output=True, text=True, env=env).stdout


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def parse(help_text):
    """Returns (description, usage, {section: [(left, right)]})."""
    lines = help_text.splitlines()
    description = lines[0].strip() if lines and not lines[0].startswith("Usage:") else ""
    usage = next((l[len("Usage: "):] for l in lines if l.startswith("Usage: ")), "")
    sections, current = {}, None
    for line in lines:
        m = HEADER.match(line)
        if m:
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
        for section in ("Positionals", "Options"):
            if sections.get(section):
                out.append(option_entries(sections[section]))
    for section, items in sections.items():
        if section in ("Subcommands", "Commands") or section.endswith(" commands"):
            for name, _ in items:
                out.extend(commands(binary, (*words, name)))
    return out


def main():
    binary, template, output, version = sys.argv[1:5]
    _, _, top = parse(run_help(binary, []))
    page = open(template, encoding="utf-8").read()
    page = page.replace("@VERSION@", version)
    page = page.replace("@GLOBAL_OPTIONS@", option_entries(top.get("Options", [])))
    page = page.replace("@COMMANDS@", "\n".join(commands(binary)))
    with open(output, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()

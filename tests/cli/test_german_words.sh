# German screens without English (SPEC §12, issue 19): every command's --help and a set of error
# paths under `language = "de"` hold none of a list of English words. Tokens the user types
# (command and option names, states, block kinds, `code`, quoted values) are taken out first.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
gdpr contact add K-1 'name=Max Müller' email=max@example.com > /dev/null
gdpr contact add K-2 'name=Erika Schön' > /dev/null
gdpr --as alice request K-1 --reason "Customer asked in writing to erase all data" --clarified > /dev/null
gdpr --as alice request K-2 --reason "Customer asked in writing to erase all data" --clarified > /dev/null
gdpr --as bob approve 2 --yes > /dev/null
{ printf 'language = "de"\n'; cat "$GDPR_CONFIG"; } > "$T/de.toml"  # a top-level key, before any table
mv "$T/de.toml" "$GDPR_CONFIG"

english='\b(the|and|or|is|are|not|must|may|required|REQUIRED|Options|Positionals|Usage|Subcommands|with|without|of|to|from|only|each|every|when|which|Excludes|Needs|FILE|KIND|PROPERTIES|found|cannot|could|invalid|expected|error|request|contact|step|pending|approved|rejected|withdrawn|erased|on-hold|active|restricted)\b'
# What a line may hold in English: `code`, 'quoted' and "quoted" values, --options, e-mail
# addresses, dotted keys (identity.allow_override), and the names of commands at a line's start.
# A state or status in a list of values (`active, on-hold oder erased`) is a token to type; in a
# sentence (`Antrag 2 ist approved`) it is English.
tokens='(pending|approved|erased|rejected|withdrawn|active|on-hold|restricted)'
strip_tokens() {
  sed -E -e 's/`[^`]*`//g' -e "s/'[^']*'//g" -e 's/"[^"]*"//g' \
         -e "s/\b$tokens,/,/g" -e "s/(, |oder |\()$tokens\b/\1/g" \
         -e 's/--?[a-z][a-z-]*//g' -e 's/[A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+//g' -e 's/\b[a-z_]+\.[a-z_.]+\b//g' \
         -e 's/^  +[a-z][a-z-]*( +|$)/  /' -e 's/^Aufruf: .*$//'
}
check_german() {  # check_german WHAT FILE
  strip_tokens < "$2" | grep -n -E "$english" > "$T/hits" && fail "English in $1: $(head -5 "$T/hits")"
  return 0
}

# every command's help, found by walking the German help itself
walk() {
  gdpr "$@" --help > "$T/help" 2>&1 || fail "gdpr $* --help failed"
  check_german "gdpr $* --help" "$T/help"
  local sub
  for sub in $(awk '/^Befehle.*:$/ {f = 1; next} /^$/ {f = 0} f && /^  [a-z]/ {print $1}' "$T/help"); do
    walk "$@" "$sub"
  done
}
walk
[ "$(grep -c . <<< "$(gdpr --help)")" -gt 10 ] || fail "test setup: no German help"

# error paths: each is German, names what is wrong, and has its exit code
err() {  # err EXIT ARGS...: the command fails with EXIT, its stderr has no English
  local want=$1
  shift
  expect_exit "$want" "$@"
  check_german "gdpr $*" "$T/err"
}
err 2 revew
expect_stderr "meinten Sie"
err 2 review --reasn x
err 2 request
err 2 review abc
err 2 help frob
err 2 --as alice request K-9 --reason kurz --clarified
err 2 request K-1 --reason "Customer asked in writing to erase all data" --clarified --received 31.02.2026
err 2 block K-1 everything
err 2 contact find "   "
err 2 review --new
err 5 contact show nobody
err 5 --as bob approve 99 --yes
err 4 --as alice approve 1 --yes
err 6 --as carol approve 2 --yes
expect_stderr "gelöscht"
err 6 --as alice request K-1 --reason "Customer asked in writing to erase all data" --clarified
err 2 --as bob approve 1
pass

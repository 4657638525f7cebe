# Shell completions: bash through COMP_WORDS/COMPREPLY, fish through `complete -C`, zsh loading
# cleanly; subcommands, options and their values from the program, ids from the database.
source "$(dirname "$0")/common.sh"
export PATH="$(dirname "$GDPR_BIN"):$PATH"
comp="$GDPR_SOURCE_DIR/completions"
gdpr init > /dev/null
for id in K-1001 K-1002 K-2001; do gdpr contact add "$id" name=x > /dev/null; done
gdpr --as alice request K-1002 --reason "Customer asked in writing" --clarified > /dev/null
gdpr --as alice request K-2001 --reason "Customer asked in writing" --clarified > /dev/null
gdpr --as bob approve 2 --yes > /dev/null   # erased: no longer offered
touch "$T/kunden.csv"

bash_complete() {  # bash_complete WORD... : prints COMPREPLY, one per line
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _gdpr; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$comp/gdpr.bash" "$@"
}
check() {  # check "EXPECTED LINES" ACTUAL
  [ "$1" = "$2" ] || fail "completion: expected [$1], got [$2]"
}
check "approve" "$(bash_complete gdpr appr)"
check "watch" "$(bash_complete gdpr wat)"
check "--system" "$(bash_complete gdpr watch --sys)"
check "$(printf 'add\nimport\nshow\nfind\nlist')" "$(bash_complete gdpr contact '')"
check "$(printf 'K-1001\nK-1002')" "$(bash_complete gdpr block K-1)"
check "$(printf 'newsletter\nall-mail')" "$(bash_complete gdpr block K-1001 '')"
check "1" "$(bash_complete gdpr approve '')"
check "$(printf 'pending\napproved')" "$(bash_complete gdpr review --state p ; bash_complete gdpr review --state a)"
check "$(printf 'text\njson\ncsv\nmarkdown\nhtml')" "$(bash_complete gdpr --format '')"
check "--reason" "$(bash_complete gdpr request K-1001 --rea)"
check "--lift-block" "$(bash_complete gdpr reject 1 --l)"
check "--yes" "$(bash_complete gdpr approve 1 --y)"
check "--retain-until" "$(bash_complete gdpr reject 1 --ret)"
check "--letter" "$(bash_complete gdpr approve 1 --le)"
check "1" "$(bash_complete gdpr letter '')"
check "$(printf 'confirmation\nrefusal\nextension')" "$(bash_complete gdpr letter 1 --kind '')"
check "restricted" "$(bash_complete gdpr contact list --status r)"
check "kunden.csv" "$(cd "$T" && bash_complete gdpr contact import kun)"
check "$(printf 'K-1001\nK-1002')" "$(bash_complete gdpr --db "$GDPR_DB" print-sheet K)"
check "" "$(bash_complete gdpr --db "$T/missing.db" approve '')"
! bash_complete gdpr --help '' | grep -q __complete || fail "the hidden subcommand is offered"
# `help` itself, then commands after it (SPEC §12); an option once however many levels define it.
check "help" "$(bash_complete gdpr hel)"
check "review" "$(bash_complete gdpr help rev)"
check "$(printf 'add\nimport\nshow\nfind\nlist')" "$(bash_complete gdpr help contact '')"
check "" "$(bash_complete gdpr help approve '')"
[ "$(bash_complete gdpr review --h | grep -c -x -- --help)" = 1 ] || fail "--help offered more than once"
check "worker" "$(bash_complete gdpr work)"

fish_complete() { fish -c "source '$comp/gdpr.fish'; complete -C '$1'"; }
fish_complete "gdpr appr" | grep -q "^approve	Approve a request" || fail "fish: subcommand with description"
due=$(gdpr review 1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["due_on"])')
check "1	pending K-1002 due $due" "$(fish_complete 'gdpr approve ')"
check "$(printf 'all-mail\nnewsletter')" "$(fish_complete 'gdpr unblock K-1001 ' | sort)"

# --- a contact id that is a command completes as that literal text and never runs (SPEC §9):
# a requester adds it, a reviewer presses TAB after `gdpr print-sheet`
hostile_db="$T/hostile.db"
hostile='$(touch '"$T"'/ran-bash)`touch '"$T"'/ran-tick` *'
gdpr --db "$hostile_db" init > /dev/null
gdpr --db "$hostile_db" contact add "$hostile" name=x > /dev/null
gdpr --db "$hostile_db" contact add 'K-1;touch '"$T"'/ran-semi' name=x > /dev/null
got=$(bash_complete gdpr --db "$hostile_db" print-sheet '')
[ ! -e "$T/ran-bash" ] && [ ! -e "$T/ran-tick" ] && [ ! -e "$T/ran-semi" ] || fail "bash completion ran an id: $(ls "$T")"
check "$(printf '%q\n%q\n' "$hostile" 'K-1;touch '"$T"'/ran-semi' | LC_ALL=C sort)" "$(printf '%s\n' "$got" | LC_ALL=C sort)"
# what bash would insert reads back, word for word, as the id itself
eval "set -- $(bash_complete gdpr --db "$hostile_db" print-sheet '$')"
[ $# -eq 1 ] && [ "$1" = "$hostile" ] || fail "bash: the inserted text is not the id: [$*]"
[ ! -e "$T/ran-bash" ] && [ ! -e "$T/ran-tick" ] || fail "bash completion ran an id"
check "" "$(bash_complete gdpr --db "$hostile_db" print-sheet 'K-2')"

# fish: candidates are listed literally, nothing runs
fish_complete "gdpr --db $hostile_db print-sheet " > "$T/fish.out"
[ ! -e "$T/ran-bash" ] && [ ! -e "$T/ran-tick" ] && [ ! -e "$T/ran-semi" ] || fail "fish completion ran an id"
grep -qxF "$hostile" "$T/fish.out" || fail "fish: the id is not offered literally: $(cat "$T/fish.out")"

# zsh, interactive in a pseudo-terminal (zsh/zpty): TAB inserts the only id, quoted; the line,
# run behind `print -r --`, prints the id itself, and nothing ran
one_db="$T/one.db"
gdpr --db "$one_db" init > /dev/null
gdpr --db "$one_db" contact add "$hostile" name=x > /dev/null
COMP="$comp" DB="$one_db" HOME="$T" zsh -f > "$T/zsh.out" 2> "$T/zsh.err" <<'ZSH' || fail "zsh pty session failed: $(cat "$T/zsh.err")"
zmodload zsh/zpty || exit 1
zpty -b z zsh -f -i
zpty -w z "PS1='> '; fpath=(${(q)COMP} \$fpath); autoload -U compinit; compinit -u -D; unsetopt beep"
zpty -w -n z "gdpr --db ${(q)DB} print-sheet "
sleep 1
zpty -w -n z $'\t'
sleep 2
zpty -w -n z $'\x01'
zpty -w z "print -r -- ZSHLINE "
sleep 1
zpty -w z "exit"
out=
while zpty -r -t z chunk; do out+=$chunk; done
print -r -- "$out"
ZSH
[ ! -e "$T/ran-bash" ] && [ ! -e "$T/ran-tick" ] || fail "zsh completion ran an id"
grep -aF "ZSHLINE gdpr --db $one_db print-sheet $hostile" "$T/zsh.out" > /dev/null ||
  fail "zsh: TAB did not insert the id literally: $(tr -d '\033' < "$T/zsh.out" | tail -c 600)"

zsh -fc "fpath=('$comp' \$fpath); autoload -U compinit && compinit -u -D && autoload -U _gdpr && whence -w _gdpr" > "$T/out" 2> "$T/err" ||
  fail "zsh could not load the completion"
[ ! -s "$T/err" ] || fail "zsh printed warnings"
expect_stdout "_gdpr: function"
pass

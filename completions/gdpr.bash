# bash completion for gdpr. Every candidate comes from `gdpr __complete`, which knows the
# subcommands and options from the program itself and request/contact ids from the database.
# Candidates are data (a contact id may be `$(rm -rf ~)`): read with mapfile, matched literally,
# inserted quoted with printf %q; never passed to compgen -W, which would expand them.
_gdpr() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local out
  out=$("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
  COMPREPLY=()
  if [[ $out == __files__ ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return 0
  fi
  local -a lines=()
  mapfile -t lines <<< "$out"
  local line word quoted
  for line in "${lines[@]}"; do
    word=${line%%$'\t'*}
    [[ -n $word ]] || continue
    printf -v quoted '%q' "$word"
    if [[ $word == "$cur"* || $quoted == "$cur"* ]]; then
      COMPREPLY+=("$quoted")
    fi
  done
}
complete -F _gdpr gdpr
